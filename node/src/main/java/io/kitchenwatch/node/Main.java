package io.kitchenwatch.node;

import io.kitchenwatch.node.loadtest.LoadtestCommand;
import io.kitchenwatch.node.config.ConfigException;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.Setting;
import io.kitchenwatch.devices.registry.InvalidRegistryException;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** {@code kitchenwatch run|demo [--option value ...]}: starts a node and stops it cleanly on SIGTERM or Ctrl-C. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "kitchenwatch-logback.xml");
        }
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("help")) {
            usage(System.out);
            return;
        }
        String command = args[0];
        if (command.equals("token")) {
            System.exit(TokenCommand.run(args));
            return;
        }
        if (command.equals("broker-config")) {
            System.exit(BrokerConfigCommand.run(args));
            return;
        }
        if (command.equals("credentials")) {
            System.exit(CredentialsCommand.run(args));
            return;
        }
        if (command.equals("generate-registry")) {
            System.exit(GenerateRegistryCommand.run(args));
            return;
        }
        if (command.equals("loadtest")) {
            System.exit(runLoadtest(args));
            return;
        }
        if (!command.equals("run") && !command.equals("demo")) {
            System.err.println("unknown command '" + command + "'");
            usage(System.err);
            System.exit(2);
        }
        KitchenWatchConfig config;
        try {
            config = KitchenWatchConfig.resolve(flags(args), System.getenv());
        } catch (ConfigException e) {
            System.err.println("kitchenwatch: " + e.getMessage());
            System.exit(2);
            return;
        }
        Node node;
        try {
            node = Node.start(config, command.equals("demo"));
        } catch (InvalidRegistryException | ConfigException e) {
            System.err.println("kitchenwatch: " + e.getMessage());
            System.exit(2);
            return;
        } catch (Exception e) {
            System.err.println("kitchenwatch: could not start: " + e.getMessage()
                    + "\n(is another program using the HTTP or MQTT port? choose others with --http-port / --mqtt-port)");
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("KitchenWatch stopping ...");
            node.close();
            stopped.countDown();
        }, "kw-shutdown"));
        String host = config.httpHost().equals("0.0.0.0") ? "localhost" : config.httpHost();
        String base = "http://" + host + ":" + node.httpPort();
        System.out.println();
        System.out.println("KitchenWatch is running" + (command.equals("demo") ? " the demo county (Tiantai)" : ""));
        System.out.println("  dashboards  " + base + "/ui/");
        System.out.println("  API         " + base + "/api/v1/sites   (described at " + base + "/api/v1/openapi.json)");
        System.out.println("  devices     " + base + "/api/v1/devices");
        System.out.println("  health      " + base + "/health");
        System.out.println("  metrics     " + base + "/metrics");
        System.out.println("  MQTT        " + node.brokerUri() + "   (devices log in with ./kitchenwatch credentials --device ID)");
        node.brokerTls().ifPresent(t -> System.out.println("  MQTT/TLS    ssl://localhost:" + t.port() + "   (on " + t.bindAddress()
                + "; clients trust " + t.certificatePem() + (t.clientCaTruststore().isPresent() ? "; device certificates accepted" : "") + ")"));
        if (node.brokerExposed()) {
            System.out.println("  WARNING     the MQTT listener is bound to " + config.mqttBind()
                    + ": reachable from the network without TLS (logins and readings travel in clear; devices should use MQTT/TLS)");
        }
        System.out.println("  store       " + node.storeDescription());
        node.fleet().ifPresent(f -> System.out.println("  fleet       " + f.deviceCount() + " simulated devices"));
        if (!node.firstLogins().isEmpty()) {
            System.out.println("Logins made on this first start (shown once; only their hashes are kept):");
            System.out.println(String.format("  %-10s %-14s %-12s %s", "role", "username", "password", "scope"));
            node.firstLogins().forEach(l -> System.out.println("  " + l));
            System.out.println("  POST " + base + "/api/v1/login {\"username\",\"password\"} gives a bearer token.");
        }
        System.out.println("Stop with Ctrl-C.");
        stopped.await();
    }

    public static Map<String, String> flags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + a + "'; options look like --http-port 8080");
            }
            String name = a.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length) {
                value = args[++i];
            } else {
                throw new ConfigException("option --" + name + " needs a value");
            }
            flags.put(name, value);
        }
        return flags;
    }

    private static int runLoadtest(String[] args) {
        try {
            return LoadtestCommand.run(flags(args));
        } catch (ConfigException e) {
            System.err.println("kitchenwatch loadtest: " + e.getMessage());
            return 2;
        }
    }

    private static void usage(PrintStream out) {
        out.println("usage: kitchenwatch run|demo [--option value ...]");
        out.println("       kitchenwatch token --role canteen|company|regulator|admin --scope <org or region id> --name <who> [--days N] [--data-dir D]");
        out.println("       kitchenwatch credentials --device ID | --observer NAME | --bridge NAME | --ingest NAME | --revoke NAME | --list true [--data-dir D]");
        out.println("       kitchenwatch broker-config --mosquitto DIR [--ingest-user NAME] [--port 1883] [--bind 127.0.0.1] [--data-dir D]");
        out.println("       kitchenwatch loadtest [--node http://127.0.0.1:8080] [--mqtt-url tcp://127.0.0.1:1883] [--devices 20] [--rate 0]");
        out.println("                             [--seconds 60] [--fault-every 1000] [--drain-seconds 300] [--out DIR] [--username U --password P]");
        out.println("                             [--token T] [--data-dir D] [--wall-screens 0] [--linger-seconds 0]");
        out.println("       kitchenwatch generate-registry --out FILE [--counties 100] [--sites-per-county 200] [--interval-s 10]");
        out.println("  run    start broker (embedded unless --mqtt-url), store (embedded QuestDB unless --influx-url), ingest and API");
        out.println("  demo   run, plus a simulated county fleet publishing over MQTT");
        out.println("  credentials  issue or rotate an MQTT login (prints 'username password' last; only its hash is kept)");
        out.println("  broker-config  write Mosquitto password, ACL and config files that enforce the same rules as the embedded broker");
        out.println("  loadtest  drive a running node's registered devices through its broker (rate 0 = as fast as it goes) and report");
        out.println("            stored/analysed msg/s, publish-to-alert latency, node CPU per message, heap and losses (CSV, PNG)");
        out.println("  generate-registry  write a province-sized registry (school canteens with 3 cameras, a cabinet and a bin each)");
        out.println("options (also KW_* environment variables, or keys of a JSON file given with --config):");
        out.println("  --config <file>  JSON config file (default ./kitchenwatch.json when present)");
        for (Setting s : Setting.values()) {
            out.printf("  --%-22s %s (default: %s)%n", s.key(), s.doc(), s.defaultValue().isEmpty() ? "none" : s.defaultValue());
        }
    }
}
