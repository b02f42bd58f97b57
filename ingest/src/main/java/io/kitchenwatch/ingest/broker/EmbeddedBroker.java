package io.kitchenwatch.ingest.broker;

import com.hivemq.embedded.EmbeddedHiveMQ;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * HiveMQ Community Edition inside this JVM, for zero-setup installs: loopback TCP listener, in-memory persistence,
 * large per-client queues (the default 1000 drops QoS 1 under load), anonymous usage statistics off.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private final EmbeddedHiveMQ hive;
    private final int port;

    private EmbeddedBroker(EmbeddedHiveMQ hive, int port) {
        this.hive = hive;
        this.port = port;
    }

    /** Starts the broker on {@code bindAddress:port}; port 0 picks a free one. */
    public static EmbeddedBroker start(Path base, String bindAddress, int port) {
        int chosen = port == 0 ? freePort() : port;
        try {
            Path conf = Files.createDirectories(base.resolve("conf"));
            Files.writeString(conf.resolve("config.xml"), """
                    <hivemq>
                      <listeners><tcp-listener><port>%d</port><bind-address>%s</bind-address></tcp-listener></listeners>
                      <persistence><mode>in-memory</mode></persistence>
                      <mqtt><queued-messages><max-queue-size>100000</max-queue-size></queued-messages></mqtt>
                      <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>
                    </hivemq>""".formatted(chosen, bindAddress));
            EmbeddedHiveMQ hive = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(conf)
                    .withDataFolder(Files.createDirectories(base.resolve("data")))
                    .withExtensionsFolder(Files.createDirectories(base.resolve("extensions")))
                    .build();
            hive.start().get(60, TimeUnit.SECONDS);
            return new EmbeddedBroker(hive, chosen);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the broker folder " + base, e);
        } catch (Exception e) {
            throw new IllegalStateException("embedded HiveMQ did not start on port " + chosen + ": " + e, e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() {
        try {
            hive.stop().get(30, TimeUnit.SECONDS);
            hive.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded HiveMQ did not stop cleanly: " + e, e);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
