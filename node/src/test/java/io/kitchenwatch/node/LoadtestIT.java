package io.kitchenwatch.node;

import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.loadtest.LoadtestCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kitchenwatch loadtest} against a running node, as a user runs it on the node's box: it logs in by itself,
 * publishes, times the alerts its faults raise on the live stream, and writes its report; nothing it published is lost.
 */
class LoadtestIT {
    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a hang fails here, not the suite
    void aShortLoadtestReportsWhatItPublishedStoredAndTheAlertsItRaised() throws Exception {
        Path dataDir = Files.createTempDirectory("kw-loadtest-");
        Path out = dataDir.resolve("report");
        try (Node node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0",
                "mqtt-tls-port", "0", "mqtt-bind", "127.0.0.1", "data-dir", dataDir.resolve("data").toString()), Map.of()), false)) {
            int exit = LoadtestCommand.run(Map.of("node", "http://127.0.0.1:" + node.httpPort(), "mqtt-url", node.brokerUri(),
                    "data-dir", dataDir.resolve("data").toString(), "devices", "12", "rate", "300", "seconds", "6", "drain-seconds", "60",
                    "fault-every", "10", "out", out.toString()));
            assertEquals(0, exit);
        }
        String summary = Files.readString(out.resolve("summary.txt"));
        System.out.print(summary);
        long published = number(summary, "published\\s+([\\d,]+)");
        long acked = number(summary, "acknowledged by the broker ([\\d,]+)");
        long stored = number(summary, "stored\\s+([\\d,]+)");
        assertTrue(published > 1_000, summary);
        assertEquals(published, acked, "the broker took every message");
        assertEquals(acked, stored, "the node stored every message the broker took");
        assertEquals(0, number(summary, "not stored ([\\d,]+)"));
        long timed = number(summary, "(\\d+) timed on the live stream");
        assertTrue(timed > 0, "grease alarms were timed from publication to the live stream: " + summary);
        List<String> latencies = Files.readAllLines(out.resolve("latency.csv"));
        assertEquals(timed + 1, latencies.size(), "one row per timed alert, after the header");
        assertTrue(Files.size(out.resolve("samples.csv")) > 100);
        assertTrue(Files.size(out.resolve("loadtest.png")) > 1_000, "the chart is drawn");
    }

    private static long number(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        assertTrue(m.find(), regex + " in " + text);
        return Long.parseLong(m.group(1).replace(",", ""));
    }
}
