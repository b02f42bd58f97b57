package io.kitchenwatch.analytics.runtime;

import java.nio.file.StandardCopyOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Snapshots kept as alert evidence, as files named {@code <device>-<ts>.jpg}, deleted after the retention period
 * (school guidance asks for at least 7 days of video; the default keeps evidence 30 days).
 */
public final class EvidenceStore {
    public static final String URL_PREFIX = "/api/v1/evidence/";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}-[0-9]{1,15}\\.jpg");
    private final Path dir;
    private final Duration retention;

    public EvidenceStore(Path dir, Duration retention) {
        this.dir = dir;
        this.retention = retention;
    }

    /** Keeps a snapshot and returns the API link to it. */
    public String keep(String device, long ts, byte[] jpeg) throws IOException {
        Files.createDirectories(dir);
        String name = device + "-" + ts + ".jpg";
        Path tmp = dir.resolve(name + ".tmp");
        Files.write(tmp, jpeg);
        Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return URL_PREFIX + name;
    }

    /** The file behind an evidence name from a link; empty for anything that is not one of ours. */
    public Optional<Path> file(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return Optional.empty();
        }
        Path f = dir.resolve(name);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    /** Deletes evidence older than the retention period; returns how many files went. */
    public int prune(long now) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        long cutoff = now - retention.toMillis();
        int removed = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (Files.getLastModifiedTime(f).toMillis() < cutoff) {
                    Files.deleteIfExists(f);
                    removed++;
                }
            }
        }
        return removed;
    }
}
