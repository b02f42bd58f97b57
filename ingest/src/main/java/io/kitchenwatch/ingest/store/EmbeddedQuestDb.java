package io.kitchenwatch.ingest.store;

import io.kitchenwatch.devices.identity.MqttPasswordHash;
import io.kitchenwatch.devices.identity.SecretFiles;
import io.questdb.ServerMain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * QuestDB running inside this JVM for zero-setup installs: HTTP (line protocol writes and SQL reads) on a loopback
 * port, nothing else. It logs errors and its start-up advisories to rolling files in {@code log/} of its folder
 * (10 MB each, 50 MB in all), not the console: it is loud, ignores logback, and prints its advisories to any console
 * writer whatever its level.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    /** Its log rolls at this size and at midnight; the oldest files go once all of them exceed the total. */
    static final String LOG_FILE_SIZE = "10m";
    static final String LOG_TOTAL_SIZE = "50m";
    static final String USER = "admin";
    private final ServerMain server;
    private final QuestDbLogin login;

    private EmbeddedQuestDb(ServerMain server, QuestDbLogin login) {
        this.server = server;
        this.login = login;
    }

    /**
     * QuestDB's workers spin, yield and nap for thousands of idle rounds after each job before they sleep: tuned for a
     * database that owns its machine, on a node sharing two cores with a broker and the ingest that kept 1.5 cores
     * busy at just 100 messages a second. Here they go to sleep after a few idle rounds, for at most a millisecond.
     */
    private static final Map<String, String> IDLE_WORKERS_SLEEP = Map.of(
            "QDB_SHARED_WORKER_YIELD_THRESHOLD", "10",
            "QDB_SHARED_WORKER_NAP_THRESHOLD", "20",
            "QDB_SHARED_WORKER_SLEEP_THRESHOLD", "50",
            "QDB_SHARED_WORKER_SLEEP_TIMEOUT", "1",
            "QDB_WAL_APPLY_WORKER_YIELD_THRESHOLD", "10",
            "QDB_WAL_APPLY_WORKER_NAP_THRESHOLD", "20",
            "QDB_WAL_APPLY_WORKER_SLEEP_THRESHOLD", "50",
            "QDB_WAL_APPLY_WORKER_SLEEP_TIMEOUT", "1");

    /** Where the HTTP password of the QuestDB under {@code root} is kept (0600), for tools that read it directly. */
    public static Path passwordFile(Path root) {
        return root.resolve("kw-http.password");
    }

    /** The login its HTTP port requires. */
    public QuestDbLogin login() {
        return login;
    }

    /** Starts QuestDB with its data under {@code root}; {@code httpPort} 0 picks a free port. */
    public static EmbeddedQuestDb start(Path root, int httpPort) {
        try {
            Files.createDirectories(root);
            Path logConf = root.resolve("kw-log.conf");
            Files.writeString(logConf, """
                    writers=file
                    w.file.class=io.questdb.log.LogRollingFileWriter
                    w.file.location=%s
                    w.file.level=ERROR,CRITICAL,ADVISORY
                    w.file.rollEvery=day
                    w.file.rollSize=%s
                    w.file.sizeLimit=%s
                    """.formatted(Files.createDirectories(root.resolve("log")).resolve("questdb-${date:yyyyMMdd-HHmmss}.log"),
                    LOG_FILE_SIZE, LOG_TOTAL_SIZE));
            // QuestDB reads its log configuration from the "out" system property, once, when its logging starts.
            System.setProperty("out", logConf.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare QuestDB folder " + root, e);
        }
        QuestDbLogin login;
        try {
            Path passwordFile = passwordFile(root);
            if (!Files.isRegularFile(passwordFile)) {
                SecretFiles.write(passwordFile, MqttPasswordHash.randomSecret());
            }
            login = new QuestDbLogin(USER, Files.readString(passwordFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep QuestDB's password in " + root, e);
        }
        Map<String, String> env = new HashMap<>(Map.of(
                "QDB_HTTP_USER", login.user(),
                "QDB_HTTP_PASSWORD", login.password(),
                "QDB_HTTP_BIND_TO", "127.0.0.1:" + httpPort,
                "QDB_PG_ENABLED", "false",
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false"));
        env.putAll(IDLE_WORKERS_SLEEP);
        ServerMain server = ServerMain.create(root.toString(), env);
        server.start();
        server.awaitStartup();
        return new EmbeddedQuestDb(server, login);
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
