package io.kitchenwatch.ingest.pipeline;

import io.kitchenwatch.devices.model.Frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;

/** Keeps the newest snapshot of each camera on disk, replaced atomically so a reader never sees half a file. */
public final class SnapshotStore {
    private final Path dir;

    public SnapshotStore(Path dir) {
        this.dir = dir;
    }

    public void save(Frame frame) throws IOException {
        Files.createDirectories(dir);
        Path tmp = dir.resolve(frame.device() + ".jpg.tmp");
        Files.write(tmp, frame.jpeg());
        Files.move(tmp, file(frame.device()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The newest snapshot of a device (its id must already be validated). */
    public Optional<Path> latest(String device) {
        Path f = file(device);
        return Files.isRegularFile(f) ? Optional.of(f) : Optional.empty();
    }

    private Path file(String device) {
        return dir.resolve(device + ".jpg");
    }
}
