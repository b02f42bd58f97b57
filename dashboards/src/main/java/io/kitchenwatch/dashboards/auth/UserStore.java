package io.kitchenwatch.dashboards.auth;

import io.kitchenwatch.devices.identity.SecretFiles;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * People who log in, kept in {@code <data-dir>/users.json} (0600) with salted PBKDF2 hashes (never a password in clear).
 * Thread-safe.
 */
public final class UserStore {
    private record User(String name, Role role, String scope, String salt, int iterations, String hash) {
    }

    private final Path file;
    private final Map<String, User> users = new LinkedHashMap<>();

    public UserStore(Path file) {
        this.file = file;
        if (Files.isRegularFile(file)) {
            try {
                SecretFiles.restrict(file); // earlier versions left it world-readable
                for (Object o : new JsonArray(Files.readString(file))) {
                    JsonObject u = (JsonObject) o;
                    users.put(u.getString("username"), new User(u.getString("username"), Role.fromWire(u.getString("role")).orElseThrow(),
                            u.getString("scope", ""), u.getString("salt"), u.getInteger("iterations"), u.getString("hash")));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
    }

    public synchronized boolean isEmpty() {
        return users.isEmpty();
    }

    /** Adds or replaces a person and saves the file. */
    public synchronized void put(String username, char[] password, Role role, String scope) {
        String salt = PasswordHasher.salt();
        users.put(username, new User(username, role, scope, salt, PasswordHasher.ITERATIONS,
                PasswordHasher.hash(password, salt, PasswordHasher.ITERATIONS)));
        save();
    }

    /** The caller behind a correct username and password. Blocking (PBKDF2 is slow on purpose): use a worker. */
    public Optional<Caller> login(String username, char[] password) {
        User u;
        synchronized (this) {
            u = users.get(username);
        }
        if (u == null) {
            PasswordHasher.hash(password, PasswordHasher.salt(), PasswordHasher.ITERATIONS); // same time for unknown names
            return Optional.empty();
        }
        return PasswordHasher.matches(password, u.salt(), u.iterations(), u.hash())
                ? Optional.of(new Caller(u.name(), u.role(), u.scope())) : Optional.empty();
    }

    private void save() {
        JsonArray out = new JsonArray();
        users.values().forEach(u -> out.add(new JsonObject().put("username", u.name()).put("role", u.role().wireName())
                .put("scope", u.scope()).put("salt", u.salt()).put("iterations", u.iterations()).put("hash", u.hash())));
        try {
            SecretFiles.write(file, out.encodePrettily());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save " + file, e);
        }
    }
}
