package io.kitchenwatch.node;

import java.util.EnumMap;
import io.kitchenwatch.node.config.ConfigException;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.Setting;
import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.IssuedCredential;
import io.kitchenwatch.devices.identity.StoredCredential;
import io.kitchenwatch.devices.registry.Registry;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kitchenwatch credentials --device ID | --observer NAME | --bridge NAME | --ingest NAME | --revoke NAME | --list true}:
 * issues
 * (or rotates) an MQTT login in the data folder's credential store and prints {@code username password} on its last
 * line; the password is shown this once. A running node picks the change up within a second.
 */
final class CredentialsCommand {
    private CredentialsCommand() {
    }

    static int run(String[] args) {
        try {
            Map<String, String> flags = new HashMap<>(Main.flags(args));
            Map<CredentialKind, String> issue = new EnumMap<>(CredentialKind.class);
            for (CredentialKind k : CredentialKind.values()) {
                Optional.ofNullable(flags.remove(k.wireName())).ifPresent(name -> issue.put(k, name));
            }
            String revoke = flags.remove("revoke");
            boolean list = "true".equals(flags.remove("list"));
            if (issue.size() + (revoke != null ? 1 : 0) + (list ? 1 : 0) != 1) {
                throw new ConfigException("give exactly one of --device ID, --observer NAME, --bridge NAME, --ingest NAME, "
                        + "--revoke NAME, --list true");
            }
            KitchenWatchConfig config = KitchenWatchConfig.resolve(flags, System.getenv());
            CredentialStore store = CredentialStore.in(config.dataDir());
            if (list) {
                for (StoredCredential c : store.all().values()) {
                    System.out.printf("%-9s %-32s issued %s%n", c.kind().wireName(), c.username(), Instant.ofEpochMilli(c.issuedAt()));
                }
                return 0;
            }
            if (revoke != null) {
                if (!store.revoke(revoke)) {
                    throw new ConfigException("there is no credential named '" + revoke + "'");
                }
                System.out.println("revoked " + revoke + ": a running node disconnects it within a second and refuses it from then on"
                        + " (a device that logs in with a certificate is not affected: remove it from the registry)");
                return 0;
            }
            CredentialKind kind = issue.keySet().iterator().next();
            String name = issue.get(kind);
            if (kind != CredentialKind.INGEST && name.equals(config.get(Setting.MQTT_CLIENT_ID))) {
                throw new ConfigException("'" + name + "' is the ingest's client id; it cannot be given to anyone else");
            }
            Registry registry = config.loadRegistry();
            if (kind == CredentialKind.DEVICE) {
                if (registry.device(name).isEmpty()) {
                    throw new ConfigException("device '" + name + "' is not in the registry"
                            + config.registry().map(p -> " " + p).orElse(" (the demo county; give --registry FILE for yours)"));
                }
            } else if (registry.device(name).isPresent()) {
                throw new ConfigException("'" + name + "' is a device id; choose another name for a " + kind.wireName());
            }
            IssuedCredential issued = store.issue(name, kind);
            System.out.println("# " + kind.wireName() + " credential for '" + name + "' in " + store.file()
                    + " (shown once; connect with client id '" + name + "' or '" + name + ":<anything>')");
            System.out.println(issued.username() + " " + issued.password());
            return 0;
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("kitchenwatch credentials: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("kitchenwatch credentials: " + e);
            return 1;
        }
    }
}
