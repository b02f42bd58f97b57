package io.kitchenwatch.simulator;

import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.IssuedCredential;
import io.kitchenwatch.devices.identity.SecretFiles;
import io.kitchenwatch.devices.identity.StoredCredential;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The simulated devices' own passwords, kept where a real device keeps its secret: on the device side, here in a file
 * of the simulator's (0600), apart from the broker's hashes. A simulated device without a credential gets one issued
 * on the fleet's first start; one whose credential was rotated by hand stays locked out, as a real device would.
 */
public final class SimulatedFleetSecrets {
    private SimulatedFleetSecrets() {
    }

    public static Map<String, String> passwords(Path file, CredentialStore credentials, Collection<String> deviceIds) {
        Map<String, String> known = read(file);
        Map<String, String> usable = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (String id : deviceIds) {
            Optional<StoredCredential> stored = credentials.find(id);
            String secret = known.get(id);
            if (stored.isEmpty()) {
                missing.add(id);
            } else if (secret != null && stored.get().accepts(secret)) {
                usable.put(id, secret);
            }
        }
        if (!missing.isEmpty()) {
            for (IssuedCredential c : credentials.issueAll(missing, CredentialKind.DEVICE)) {
                known.put(c.username(), c.password());
                usable.put(c.username(), c.password());
            }
            JsonObject out = new JsonObject();
            known.forEach(out::put);
            try {
                SecretFiles.write(file, out.encodePrettily());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot keep the simulated devices' secrets in " + file, e);
            }
        }
        return usable;
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> known = new HashMap<>();
        if (Files.isRegularFile(file)) {
            try {
                new JsonObject(Files.readString(file)).forEach(e -> known.put(e.getKey(), String.valueOf(e.getValue())));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file, e);
            }
        }
        return known;
    }
}
