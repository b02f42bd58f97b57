package io.kitchenwatch.devices.identity;

import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import io.kitchenwatch.devices.model.Identifiers;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The MQTT logins of devices, observers and bridges, in {@code <data-dir>/mqtt-credentials.json} (0600, salted hashes
 * only). The running node and the {@code kitchenwatch credentials} command share the file: changes are made under a
 * file lock and replace the file atomically, and a reader picks up another process's change within a second, so a
 * credential issued or rotated while the node runs takes effect at the device's next connect.
 */
public final class CredentialStore {
    private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);
    public static final String FILE_NAME = "mqtt-credentials.json";
    private static final long RECHECK_MS = 1000;

    private final Path file;
    private volatile Map<String, StoredCredential> credentials = Map.of();
    private volatile Object loadedVersion;
    private volatile long checkedAt;

    private CredentialStore(Path file) {
        this.file = file;
    }

    /** The store of a data folder; an absent file is an empty store. */
    public static CredentialStore in(Path dataDir) {
        CredentialStore store = new CredentialStore(dataDir.resolve(FILE_NAME));
        store.reload();
        return store;
    }

    public Path file() {
        return file;
    }

    /** The credential behind a username, as the file says now (re-read at most once a second). */
    public Optional<StoredCredential> find(String username) {
        refreshIfChanged();
        return Optional.ofNullable(credentials.get(username));
    }

    public Map<String, StoredCredential> all() {
        refreshIfChanged();
        return credentials;
    }

    /**
     * Issues a fresh password for {@code username}, replacing (rotating) any earlier one, and returns it: the only
     * time it is known. A username keeps its kind: a device's id cannot be re-issued as an observer.
     */
    public IssuedCredential issue(String username, CredentialKind kind) {
        return issueAll(List.of(username), kind).get(0);
    }

    /** {@link #issue} for many usernames in one change of the file. */
    public List<IssuedCredential> issueAll(Collection<String> usernames, CredentialKind kind) {
        List<IssuedCredential> issued = new ArrayList<>();
        for (String username : usernames) {
            if (!Identifiers.isValidId(username)) {
                throw new IllegalArgumentException("'" + username + "' is not a valid name (letters, digits, - and _, at most 64)");
            }
            issued.add(new IssuedCredential(username, MqttPasswordHash.randomSecret()));
        }
        update(current -> {
            long now = System.currentTimeMillis();
            for (IssuedCredential c : issued) {
                StoredCredential earlier = current.get(c.username());
                if (earlier != null && earlier.kind() != kind) {
                    throw new IllegalArgumentException("'" + c.username() + "' is already the name of a "
                            + earlier.kind().wireName() + " credential");
                }
                current.put(c.username(), new StoredCredential(c.username(), kind, MqttPasswordHash.hash(c.password()), now));
            }
        });
        return issued;
    }

    /** Removes a login; its holder is refused from its next connect. Returns whether there was one. */
    public boolean revoke(String username) {
        boolean[] removed = new boolean[1];
        update(current -> removed[0] = current.remove(username) != null);
        return removed[0];
    }

    private interface Change {
        void apply(Map<String, StoredCredential> current);
    }

    private synchronized void update(Change change) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path lockFile = file.resolveSibling(FILE_NAME + ".lock");
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                Map<String, StoredCredential> current = new LinkedHashMap<>(read());
                change.apply(current);
                SecretFiles.write(file, encode(current));
                credentials = Collections.unmodifiableMap(current);
                loadedVersion = version();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot update " + file, e);
        }
    }

    private void refreshIfChanged() {
        long now = System.currentTimeMillis();
        if (now - checkedAt < RECHECK_MS) {
            return;
        }
        checkedAt = now;
        try {
            if (!Objects.equals(version(), loadedVersion)) {
                reload();
            }
        } catch (IOException | UncheckedIOException e) {
            // keep what was read last: a file being replaced right now is read at the next check; a broken one is said
            LOG.warn("cannot read {} again ({}); the logins read before stay in force", file, e.getMessage());
        }
    }

    /**
     * What identifies one written version of the file: every change replaces it (a new inode), so the file key tells
     * two versions apart even where modification times are coarse.
     */
    private Object version() throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime(), a.size());
    }

    private synchronized void reload() {
        try {
            Object version = version();
            credentials = Collections.unmodifiableMap(read());
            loadedVersion = version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private Map<String, StoredCredential> read() throws IOException {
        Map<String, StoredCredential> read = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return read;
        }
        try {
            for (Object o : new JsonArray(Files.readString(file))) {
                JsonObject c = (JsonObject) o;
                if (c.getString("username") == null || c.getString("hash") == null) {
                    throw new IOException(file + ": an entry without username or hash");
                }
                CredentialKind kind = CredentialKind.fromWire(c.getString("kind"))
                        .orElseThrow(() -> new IOException(file + ": unknown credential kind '" + c.getString("kind") + "'"));
                read.put(c.getString("username"), new StoredCredential(c.getString("username"), kind, c.getString("hash"),
                        c.getLong("issued_at", 0L)));
            }
        } catch (DecodeException | ClassCastException e) {
            throw new IOException(file + " is not a credential file: " + e.getMessage(), e);
        }
        return read;
    }

    private static String encode(Map<String, StoredCredential> credentials) {
        JsonArray out = new JsonArray();
        credentials.values().forEach(c -> out.add(new JsonObject().put("username", c.username()).put("kind", c.kind().wireName())
                .put("hash", c.hash()).put("issued_at", c.issuedAt())));
        return out.encodePrettily();
    }
}
