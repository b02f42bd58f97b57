package io.kitchenwatch.node;

import io.kitchenwatch.node.config.ConfigException;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.Setting;
import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.identity.IssuedCredential;
import io.kitchenwatch.devices.wire.TopicScheme;
import io.kitchenwatch.ingest.broker.MosquittoFiles;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kitchenwatch broker-config --mosquitto DIR [--ingest-user NAME] [--port 1883] [--bind 127.0.0.1]}: writes the embedded broker's rules for an
 * external Mosquitto from the credential store and the registry. The ingest's login is issued the first time (its
 * password printed once, for the node's {@code --mqtt-password}); later runs keep it.
 */
final class BrokerConfigCommand {
    private BrokerConfigCommand() {
    }

    static int run(String[] args) {
        try {
            Map<String, String> flags = new HashMap<>(Main.flags(args));
            String target = flags.remove("mosquitto");
            if (target == null) {
                throw new ConfigException("give --mosquitto DIR (the folder to write the password, ACL and config files to)");
            }
            String ingestUser = Optional.ofNullable(flags.remove("ingest-user")).orElse("kitchenwatch-ingest");
            String portText = Optional.ofNullable(flags.remove("port")).orElse("1883");
            if (!portText.matches("\\d{1,5}") || Integer.parseInt(portText) < 1 || Integer.parseInt(portText) > 65535) {
                throw new ConfigException("--port must be a port number (1-65535), got '" + portText + "'");
            }
            int port = Integer.parseInt(portText);
            String bind = Optional.ofNullable(flags.remove("bind")).orElse("127.0.0.1");
            KitchenWatchConfig config = KitchenWatchConfig.resolve(flags, System.getenv());
            CredentialStore store = CredentialStore.in(config.dataDir());
            String issuedPassword = null;
            if (store.find(ingestUser).isEmpty()) {
                IssuedCredential ingest = store.issue(ingestUser, CredentialKind.INGEST);
                issuedPassword = ingest.password();
            } else if (store.find(ingestUser).get().kind() != CredentialKind.INGEST) {
                throw new ConfigException("'" + ingestUser + "' is already a " + store.find(ingestUser).get().kind().wireName()
                        + " login; choose another --ingest-user");
            }
            MosquittoFiles.Written written = MosquittoFiles.write(Path.of(target), store,
                    config.loadRegistry(),
                    new TopicScheme(config.get(Setting.TOPIC_ROOT)), bind, port);
            System.out.println("wrote " + written.conf() + ", " + written.passwords() + " and " + written.acl() + " ("
                    + written.logins() + " logins" + (written.skippedUnregistered() > 0
                    ? "; " + written.skippedUnregistered() + " device logins left out: not in the registry" : "") + ")");
            if (!bind.startsWith("127.") && !bind.equals("::1")) {
                System.out.println("WARNING: the listener on " + bind + ":" + port + " has no TLS: add certfile/keyfile lines"
                        + " (mosquitto.conf(5)) before devices use it over a network");
            }
            System.out.println("copy " + written.conf().getFileName() + " into /etc/mosquitto/conf.d/ and make both files readable by the"
                    + " mosquitto user; run again after issuing or rotating credentials, then reload Mosquitto (SIGHUP)");
            if (issuedPassword != null) {
                System.out.println("the node's ingest logs in with (shown once): --mqtt-client-id " + ingestUser
                        + " --mqtt-username " + ingestUser + " --mqtt-password <below>");
                System.out.println(ingestUser + " " + issuedPassword);
            }
            return 0;
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("kitchenwatch broker-config: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("kitchenwatch broker-config: " + e);
            return 1;
        }
    }
}
