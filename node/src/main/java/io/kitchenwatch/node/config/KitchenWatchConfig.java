package io.kitchenwatch.node.config;

import io.kitchenwatch.devices.model.Identifiers;
import io.kitchenwatch.ingest.broker.BrokerSettings;
import io.kitchenwatch.ingest.cluster.ClusterSettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.OptionalInt;
import io.kitchenwatch.simulator.Fault;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.camera.Roi;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.devices.registry.RegistryChangeLog;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.analytics.detect.DetectionRules;
import io.kitchenwatch.analytics.detect.OnnxYoloDetector;
import io.kitchenwatch.analytics.runtime.FrameAnalysisService;

/**
 * The whole node's configuration, resolved from defaults, then a JSON config file ({@code --config}, {@code KW_CONFIG}
 * or {@code ./kitchenwatch.json}), then {@code KW_*} environment variables, then flags: later wins. See
 * {@code docs/configuration.md}.
 */
public final class KitchenWatchConfig {
    /** A batch held longer than this would cost alerts more latency than the store saves. */
    static final long MAX_STORE_LINGER_MS = 1_000;
    /** A week of the demo county is about 4.4 million messages, several minutes of ingest on a small box. */
    static final int MAX_DEMO_HISTORY_WEEKS = 8;
    static final String CLUSTER_SHARED_GROUP = "kitchenwatch";
    private final Map<Setting, String> values;

    private KitchenWatchConfig(Map<Setting, String> values) {
        this.values = values;
    }

    public static KitchenWatchConfig resolve(Map<String, String> flags, Map<String, String> env) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            values.put(s, s.defaultValue());
        }
        String configFile = flags.getOrDefault("config", env.get("KW_CONFIG"));
        Path file = configFile != null ? Path.of(configFile) : Path.of("kitchenwatch.json");
        if (configFile != null || Files.isRegularFile(file)) {
            readFile(file).forEach(values::put);
        }
        for (Setting s : Setting.values()) {
            String v = env.get(s.envName());
            if (v != null) {
                values.put(s, v);
            }
        }
        for (Map.Entry<String, String> flag : flags.entrySet()) {
            if (flag.getKey().equals("config")) {
                continue;
            }
            Setting s = Setting.byKey(flag.getKey()).orElseThrow(() -> new ConfigException("unknown option --" + flag.getKey()
                    + " (see --help)"));
            values.put(s, flag.getValue());
        }
        KitchenWatchConfig config = new KitchenWatchConfig(values);
        config.validate();
        return config;
    }

    private static Map<Setting, String> readFile(Path file) {
        try {
            JsonObject json = new JsonObject(Files.readString(file));
            Map<Setting, String> out = new EnumMap<>(Setting.class);
            for (String key : json.fieldNames()) {
                Setting s = Setting.byKey(key).orElseThrow(() -> new ConfigException(file + ": unknown setting '" + key + "'"));
                out.put(s, String.valueOf(json.getValue(key)));
            }
            return out;
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        } catch (DecodeException e) {
            throw new ConfigException("config file " + file + " is not valid JSON: " + e.getMessage());
        }
    }

    private void validate() {
        List<String> problems = new ArrayList<>();
        for (Setting port : List.of(Setting.HTTP_PORT, Setting.MQTT_PORT, Setting.QUESTDB_HTTP_PORT)) {
            try {
                int p = Integer.parseInt(values.get(port));
                if (p < 0 || p > 65535) {
                    problems.add("--" + port.key() + " must be a port number 0..65535");
                }
            } catch (NumberFormatException e) {
                problems.add("--" + port.key() + " must be a number, got '" + values.get(port) + "'");
            }
        }
        try {
            int tls = Integer.parseInt(values.get(Setting.MQTT_TLS_PORT));
            if (tls < -1 || tls > 65535) {
                problems.add("--mqtt-tls-port must be a port number 0..65535, or -1 for none");
            }
        } catch (NumberFormatException e) {
            problems.add("--mqtt-tls-port must be a number, got '" + values.get(Setting.MQTT_TLS_PORT) + "'");
        }
        if (optional(Setting.MQTT_TLS_KEYSTORE).isPresent() != optional(Setting.MQTT_TLS_KEYSTORE_PASSWORD).isPresent()) {
            problems.add("--mqtt-tls-keystore and --mqtt-tls-keystore-password go together");
        }
        if (!Identifiers.isValidId(values.get(Setting.MQTT_CLIENT_ID))) {
            // a ':' would let the login named by its prefix claim the ingest's session (client ids are bound to logins)
            problems.add("--mqtt-client-id must match " + Identifiers.ID.pattern());
        }
        if (!List.of("v1", "v2").contains(values.get(Setting.INFLUX_MODE))) {
            problems.add("--influx-mode must be v1 or v2");
        }
        try {
            demoFaults();
            if (wholeNumber(Setting.DETECTOR_INPUT_SIZE) < 32 || Float.parseFloat(get(Setting.DETECTOR_MIN_SCORE)) <= 0) {
                problems.add("--detector-input-size must be at least 32 and --detector-min-score above 0");
            }
            if (publicUrl().filter(u -> !u.matches("https?://[^\\s/?#]+(/[^\\s?#]*)?")).isPresent()) {
                problems.add("--public-url must be an http:// or https:// address without query, e.g. https://kw.example.gov.cn");
            }
            if (frameAnalysisThreads() < 1 || evidenceRetention().toDays() < 1) {
                problems.add("--frame-analysis-threads and --evidence-retention-days must be at least 1");
            }
            if (brokerQueueMessages() < BrokerSettings.MIN_QUEUED_MESSAGES) {
                problems.add("--broker-queue-messages must be at least " + BrokerSettings.MIN_QUEUED_MESSAGES);
            }
            if (analyticsLateness().isNegative()) {
                problems.add("--analytics-lateness-seconds must not be negative");
            }
            if (storeLinger().isNegative() || storeLinger().toMillis() > MAX_STORE_LINGER_MS) {
                problems.add("--store-linger-ms must be between 0 and " + MAX_STORE_LINGER_MS);
            }
            if (optional(Setting.KAFKA_BOOTSTRAP).isPresent()) {
                problems.addAll(clusterProblems());
            }
            if (demoAcceleration() < 1 || demoBackfillMinutes() < 0 || demoSites() < 0 || demoFrameSeconds() < 1
                    || demoHistoryWeeks() < 0 || demoHistoryWeeks() > MAX_DEMO_HISTORY_WEEKS) {
                problems.add("demo settings must be positive (acceleration >= 1, frame seconds >= 1, history weeks at most "
                        + MAX_DEMO_HISTORY_WEEKS + ")");
            }
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("; ", problems));
        }
    }

    public String get(Setting s) {
        return values.get(s);
    }

    /** @throws IllegalArgumentException naming the setting, when it is not a whole number */
    private long number(Setting s) {
        try {
            return Long.parseLong(values.get(s).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + s.key() + " must be a whole number, got '" + values.get(s) + "'");
        }
    }

    private int wholeNumber(Setting s) {
        long n = number(s);
        if (n < Integer.MIN_VALUE || n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("--" + s.key() + " is out of range: " + n);
        }
        return (int) n;
    }

    private Optional<String> optional(Setting s) {
        String v = values.get(s);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v.trim());
    }

    public String httpHost() {
        return get(Setting.HTTP_HOST);
    }

    public int httpPort() {
        return wholeNumber(Setting.HTTP_PORT);
    }

    public int mqttPort() {
        return wholeNumber(Setting.MQTT_PORT);
    }

    public long brokerQueueMessages() {
        return number(Setting.BROKER_QUEUE_MESSAGES);
    }

    public String mqttBind() {
        return get(Setting.MQTT_BIND);
    }

    /** The embedded broker's TLS port, unless TLS is off (-1). */
    public OptionalInt mqttTlsPort() {
        int port = wholeNumber(Setting.MQTT_TLS_PORT);
        return port < 0 ? OptionalInt.empty() : OptionalInt.of(port);
    }

    public Optional<Path> mqttTlsKeystore() {
        return optional(Setting.MQTT_TLS_KEYSTORE).map(Path::of);
    }

    public Optional<String> mqttTlsKeystorePassword() {
        return optional(Setting.MQTT_TLS_KEYSTORE_PASSWORD);
    }

    public Optional<Path> mqttTlsClientCa() {
        return optional(Setting.MQTT_TLS_CLIENT_CA).map(Path::of);
    }

    /** The CA file to trust at an external ssl:// broker. */
    public Optional<Path> mqttCa() {
        return optional(Setting.MQTT_CA).map(Path::of);
    }

    public Optional<String> externalBroker() {
        return optional(Setting.MQTT_URL);
    }

    /** In cluster mode the nodes split the devices' messages on one shared subscription, {@value #CLUSTER_SHARED_GROUP} unless set. */
    public Optional<String> sharedGroup() {
        Optional<String> group = optional(Setting.MQTT_SHARED_GROUP);
        return group.isEmpty() && optional(Setting.KAFKA_BOOTSTRAP).isPresent() ? Optional.of(CLUSTER_SHARED_GROUP) : group;
    }

    /** The Kafka this node shares with the others of its cluster; empty for a node on its own. */
    public Optional<ClusterSettings> cluster() {
        return optional(Setting.KAFKA_BOOTSTRAP).map(bootstrap -> new ClusterSettings(bootstrap, get(Setting.KAFKA_TOPIC_PREFIX),
                wholeNumber(Setting.KAFKA_PARTITIONS), Duration.ofSeconds(number(Setting.KAFKA_SESSION_TIMEOUT_SECONDS))));
    }

    private List<String> clusterProblems() {
        List<String> problems = new ArrayList<>();
        if (influxUrl().isEmpty()) {
            problems.add("cluster mode needs a store the nodes share: give --influx-url (an embedded QuestDB would hold only its own node's part)");
        }
        if (externalBroker().isEmpty()) {
            problems.add("cluster mode needs a broker the nodes share: give --mqtt-url");
        }
        if (get(Setting.MQTT_CLIENT_ID).equals(Setting.MQTT_CLIENT_ID.defaultValue())) {
            problems.add("cluster mode: give each node its own --mqtt-client-id (two nodes under one id take the broker session from each other)");
        }
        int partitions = wholeNumber(Setting.KAFKA_PARTITIONS);
        if (partitions < 1 || partitions > 10_000) {
            problems.add("--kafka-partitions must be between 1 and 10000");
        }
        long session = number(Setting.KAFKA_SESSION_TIMEOUT_SECONDS);
        if (session < 6 || session > 300) {
            problems.add("--kafka-session-timeout-seconds must be between 6 and 300 (Kafka's group limits)");
        }
        if (!Identifiers.isValidId(get(Setting.KAFKA_TOPIC_PREFIX).replace('.', '-'))) {
            problems.add("--kafka-topic-prefix must match " + Identifiers.ID.pattern() + " (dots allowed)");
        }
        return problems;
    }

    public Optional<String> influxUrl() {
        return optional(Setting.INFLUX_URL);
    }

    public boolean influxLegacyV1() {
        return "v1".equals(get(Setting.INFLUX_MODE));
    }

    public int questDbHttpPort() {
        return wholeNumber(Setting.QUESTDB_HTTP_PORT);
    }

    public Path dataDir() {
        return Path.of(get(Setting.DATA_DIR)).toAbsolutePath();
    }

    /** Where people reach the dashboards, when configured (no trailing slash). */
    public Optional<String> publicUrl() {
        return optional(Setting.PUBLIC_URL).map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    public Optional<String> jwtSecret() {
        return optional(Setting.JWT_SECRET);
    }

    public Optional<Path> registry() {
        return optional(Setting.REGISTRY).map(Path::of);
    }

    /**
     * The registry file's sites and devices (or the demo county without one) with the changes admins made through the
     * node since, which the data folder keeps: every command of a data folder sees the same registry.
     */
    public Registry loadRegistry() {
        Registry registry = registry().map(RegistryLoader::load).orElseGet(RegistryLoader::sample);
        new RegistryChangeLog(dataDir()).replayOnto(registry);
        for (RegisteredDevice d : registry.devices()) {
            try {
                Roi.of(d.settings()); // camera regions are checked here, not when their first picture arrives
            } catch (IllegalArgumentException e) {
                throw new ConfigException("registry: device " + d.id() + ": " + e.getMessage());
            }
        }
        return registry;
    }

    public Duration analyticsLateness() {
        return Duration.ofMillis(Math.round(Double.parseDouble(get(Setting.ANALYTICS_LATENESS_SECONDS)) * 1000));
    }

    /** How long a partial store batch waits for more messages. */
    public Duration storeLinger() {
        return Duration.ofMillis(number(Setting.STORE_LINGER_MS));
    }

    public int frameAnalysisThreads() {
        return wholeNumber(Setting.FRAME_ANALYSIS_THREADS);
    }

    public Duration evidenceRetention() {
        return Duration.ofDays(number(Setting.EVIDENCE_RETENTION_DAYS));
    }

    /** The object detector, when a model is configured; every mistake in its settings stops the start. */
    public Optional<FrameAnalysisService.DetectorSetup> detector() {
        Optional<String> model = optional(Setting.DETECTOR_MODEL);
        if (model.isEmpty()) {
            return Optional.empty();
        }
        List<String> classes = optional(Setting.DETECTOR_CLASSES).map(v -> List.of(v.split(","))).orElse(List.of())
                .stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (classes.isEmpty()) {
            throw new ConfigException("--detector-classes must name the model's classes, in order");
        }
        int size = wholeNumber(Setting.DETECTOR_INPUT_SIZE);
        float minScore = Float.parseFloat(get(Setting.DETECTOR_MIN_SCORE));
        Map<String, AlertType> mapping = new LinkedHashMap<>();
        Optional<String> pairs = optional(Setting.DETECTOR_ALERTS);
        if (pairs.isEmpty()) {
            mapping.putAll(DetectionRules.byName());
        } else {
            for (String pair : pairs.get().split(",")) {
                String[] kv = pair.trim().split(":");
                AlertType type = kv.length == 2 ? AlertType.fromWire(kv[1].trim()).filter(DetectionRules.DETECTABLE::contains).orElse(null) : null;
                if (type == null) {
                    throw new ConfigException("--detector-alerts: '" + pair + "' must be class:alert_type with a type among "
                            + DetectionRules.DETECTABLE.stream().map(AlertType::wireName).toList());
                }
                mapping.put(kv[0].trim(), type);
            }
        }
        Path path = Path.of(model.get());
        try (OnnxYoloDetector probe = new OnnxYoloDetector(path, size, classes, minScore)) {
            // loads once at start, so a bad model file stops the start with its reason
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return Optional.of(new FrameAnalysisService.DetectorSetup(() -> new OnnxYoloDetector(path, size, classes, minScore), mapping));
    }

    public double demoAcceleration() {
        return Double.parseDouble(get(Setting.DEMO_ACCELERATION));
    }

    public int demoHistoryWeeks() {
        return wholeNumber(Setting.DEMO_HISTORY_WEEKS);
    }

    public long demoBackfillMinutes() {
        return number(Setting.DEMO_BACKFILL_MINUTES);
    }

    public int demoSites() {
        return wholeNumber(Setting.DEMO_SITES);
    }

    public int demoFrameSeconds() {
        return wholeNumber(Setting.DEMO_FRAME_SECONDS);
    }

    public List<Fault> demoFaults() {
        return optional(Setting.DEMO_FAULTS).map(v -> List.of(v.split(","))).orElse(List.of()).stream()
                .filter(s -> !s.isBlank()).map(Fault::parse).toList();
    }
}
