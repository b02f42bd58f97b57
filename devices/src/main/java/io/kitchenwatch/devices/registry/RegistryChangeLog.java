package io.kitchenwatch.devices.registry;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The registry changes people made through the node, in {@code <data-dir>/registry-changes.jsonl}, one accepted set a
 * line ({@code {"at", "by", "changes": [...]}}), written before the change is used. A start loads the registry file
 * (or the demo county) and then replays them, so the file stays a valid seed and the changes survive restarts; a
 * change the seed no longer allows (someone edited the file) is skipped and logged. The lines are the audit list.
 */
public final class RegistryChangeLog {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryChangeLog.class);
    private final Path file;

    public RegistryChangeLog(Path dataDir) {
        this.file = dataDir.resolve("registry-changes.jsonl");
    }

    /** One accepted set of changes. */
    public record Entry(long at, String by, JsonArray changes) {
        JsonObject toJson() {
            return new JsonObject().put("at", at).put("by", by).put("changes", changes);
        }
    }

    /** Makes {@code seed} what the logged changes made of it. */
    public void replayOnto(Registry seed) {
        int skipped = 0;
        List<Entry> entries = entries();
        for (Entry e : entries) {
            RegistryChanges.Outcome outcome = RegistryChanges.apply(seed, e.changes());
            if (outcome.ok()) {
                seed.replaceWith(outcome.registry());
            } else {
                skipped++;
                LOG.warn("registry changes by {} at {} no longer apply to the registry file and are skipped: {}", e.by(), e.at(),
                        outcome.problems());
            }
        }
        if (!entries.isEmpty()) {
            LOG.info("registry: {} change sets from {} replayed ({} skipped)", entries.size() - skipped, file, skipped);
        }
    }

    /** Appends an accepted set durably (synced to disk before this returns). */
    public synchronized void append(Entry entry) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
                out.write(StandardCharsets.UTF_8.encode(entry.toJson().encode() + "\n"));
                out.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the registry change in " + file, e);
        }
    }

    /** Every accepted set, oldest first; a torn last line (a crash while writing) is left out. */
    public synchronized List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        if (!Files.exists(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    JsonObject j = new JsonObject(line);
                    out.add(new Entry(j.getLong("at", 0L), j.getString("by", "?"), j.getJsonArray("changes", new JsonArray())));
                } catch (DecodeException | ClassCastException e) {
                    LOG.warn("skipping an unreadable line of {}: {}", file, e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return out;
    }
}
