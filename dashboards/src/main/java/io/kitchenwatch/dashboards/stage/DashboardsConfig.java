package io.kitchenwatch.dashboards.stage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What the dashboards stage needs from the node's configuration.
 *
 * @param host              the HTTP server's address
 * @param port              its port (0: any free one)
 * @param brokerName        the MQTT broker, as /health names it
 * @param snapshotDir       where ingest keeps each camera's newest picture
 * @param evidenceDir       where analytics keeps the pictures behind camera alerts
 * @param evidenceRetention how long those are kept
 * @param dataDir           the node's data folder (reports, the certificate signing key)
 * @param publicUrl         where people reach the dashboards (certificates' QR codes link there); empty = as asked
 */
public record DashboardsConfig(String host, int port, String brokerName, Path snapshotDir, Path evidenceDir,
                               Duration evidenceRetention, Path dataDir,
                               Optional<String> publicUrl) {
}
