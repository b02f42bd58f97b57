package io.kitchenwatch.ingest.store;

import io.questdb.ServerMain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * QuestDB running inside this JVM for zero-setup installs: HTTP (line protocol writes and SQL reads) on a loopback
 * port, nothing else. It logs to {@code questdb.log} in its folder, not the console: it is loud, ignores logback,
 * and prints its start-up advisories to any console writer whatever its level.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    private final ServerMain server;

    private EmbeddedQuestDb(ServerMain server) {
        this.server = server;
    }

    /** Starts QuestDB with its data under {@code root}; {@code httpPort} 0 picks a free port. */
    public static EmbeddedQuestDb start(Path root, int httpPort) {
        try {
            Files.createDirectories(root);
            Path logConf = root.resolve("kw-log.conf");
            Files.writeString(logConf, """
                    writers=file
                    w.file.class=io.questdb.log.LogFileWriter
                    w.file.location=%s
                    w.file.level=INFO,ERROR,CRITICAL,ADVISORY
                    """.formatted(root.resolve("questdb.log")));
            // QuestDB reads its log configuration from the "out" system property, once, when its logging starts.
            System.setProperty("out", logConf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare QuestDB folder " + root, e);
        }
        ServerMain server = ServerMain.create(root.toString(), Map.of(
                "QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort,
                "QDB_PG_ENABLED", "false",
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false"));
        server.start();
        server.awaitStartup();
        return new EmbeddedQuestDb(server);
    }

    public int httpPort() {
        return server.getHttpServerPort();
    }

    public String url() {
        return "http://127.0.0.1:" + httpPort();
    }

    @Override
    public void close() {
        server.close();
    }
}
