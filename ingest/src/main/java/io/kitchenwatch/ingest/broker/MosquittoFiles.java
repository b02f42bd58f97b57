package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.SecretFiles;
import io.kitchenwatch.devices.identity.StoredCredential;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.wire.TopicScheme;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The embedded broker's rules for an external Mosquitto: a password file from the stored hashes (Mosquitto reads the
 * same {@code $7$} format, so no password is needed), an ACL file from {@link BrokerAccessPolicy}, and a config file
 * that turns anonymous access off and binds each client id to its login ({@code use_username_as_clientid}, the
 * closest Mosquitto has to the embedded broker's client-id ownership). Device logins whose id is not in the registry
 * are left out, as the embedded broker refuses them.
 */
public final class MosquittoFiles {
    public static final String PASSWORDS = "kitchenwatch.passwd";
    public static final String ACL = "kitchenwatch.acl";
    public static final String CONF = "kitchenwatch.conf";

    /** What was written where, and how many logins it holds. */
    public record Written(Path passwords, Path acl, Path conf, int logins, int skippedUnregistered) {
    }

    private MosquittoFiles() {
    }

    /**
     * Writes the three files into {@code dir}. The config defines its own listener on {@code bindAddress:port}: a
     * listener option in a file Mosquitto includes applies to the listener defined in that same file (or else to a
     * default one on 1883), so the client-id binding must sit beside its listener.
     */
    public static Written write(Path dir, CredentialStore credentials, Registry registry, TopicScheme topics,
                                String bindAddress, int port) throws IOException {
        Path folder = dir.toAbsolutePath();
        Files.createDirectories(folder);
        BrokerAccessPolicy policy = new BrokerAccessPolicy(topics);
        StringBuilder passwords = new StringBuilder();
        StringBuilder acl = new StringBuilder("# who may publish and subscribe where (written by kitchenwatch broker-config)\n");
        int logins = 0;
        int skipped = 0;
        for (StoredCredential c : credentials.all().values()) {
            Optional<MqttIdentity> identity = switch (c.kind()) {
                case DEVICE -> registry.device(c.username()).map(d -> MqttIdentity.device(d.id(), d.site()));
                case OBSERVER -> Optional.of(new MqttIdentity(c.username(), MqttIdentity.Role.OBSERVER, Optional.empty()));
                case BRIDGE -> Optional.of(new MqttIdentity(c.username(), MqttIdentity.Role.BRIDGE, Optional.empty()));
                case INGEST -> Optional.of(MqttIdentity.ingest(c.username()));
            };
            if (identity.isEmpty()) {
                skipped++;
                continue;
            }
            logins++;
            passwords.append(c.username()).append(':').append(c.hash()).append('\n');
            acl.append("\n# ").append(c.kind().wireName()).append('\n').append("user ").append(c.username()).append('\n');
            for (TopicGrant g : policy.grants(identity.get())) {
                String access = !g.allow() ? "deny" : switch (g.activity()) {
                    case PUBLISH -> "write";
                    case SUBSCRIBE -> "read";
                    case ALL -> "readwrite";
                };
                acl.append("topic ").append(access).append(' ').append(g.filter()).append('\n');
            }
        }
        Path passwordFile = folder.resolve(PASSWORDS);
        Path aclFile = folder.resolve(ACL);
        Path confFile = folder.resolve(CONF);
        SecretFiles.write(passwordFile, passwords.toString());
        SecretFiles.write(aclFile, acl.toString());
        Files.writeString(confFile, """
                # KitchenWatch: who may connect to this Mosquitto and what they may do (written by kitchenwatch broker-config).
                # Copy into /etc/mosquitto/conf.d/ (Debian), or point include_dir at this folder. The two files below
                # must be readable by the user Mosquitto runs as (mode 0600: chown them to it).
                allow_anonymous false
                password_file %s
                acl_file %s

                listener %d %s
                # a client's id is its username: nobody can take over another login's session (the ingest's included)
                use_username_as_clientid true
                """.formatted(passwordFile, aclFile, port, bindAddress));
        return new Written(passwordFile, aclFile, confFile, logins, skipped);
    }
}
