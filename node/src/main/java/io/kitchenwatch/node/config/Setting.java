package io.kitchenwatch.node.config;

import io.kitchenwatch.simulator.SimulationConfig;
import java.util.Locale;
import java.util.Optional;

/**
 * One configuration setting: its name is the flag ({@code --http-port}), the config-file key ({@code http-port}) and,
 * upper-cased with a {@code KW_} prefix, the environment variable ({@code KW_HTTP_PORT}).
 */
public enum Setting {
    HTTP_HOST("http-host", "0.0.0.0", "address the HTTP server binds to"),
    HTTP_PORT("http-port", "8080", "HTTP port of the API and dashboards (0 = pick a free one)"),
    MQTT_PORT("mqtt-port", "1883", "port of the embedded MQTT broker (0 = pick a free one)"),
    MQTT_BIND("mqtt-bind", "127.0.0.1",
            "address the embedded broker listens on; anything but loopback exposes it to the network (the start banner says so)"),
    MQTT_TLS_PORT("mqtt-tls-port", "8883", "port of the embedded broker's MQTT over TLS listener (0 = pick a free one, -1 = none)"),
    MQTT_TLS_BIND("mqtt-tls-bind", "0.0.0.0", "address the embedded broker's TLS listener binds to"),
    MQTT_TLS_KEYSTORE("mqtt-tls-keystore", "",
            "PKCS12 keystore with the broker's key and certificate; empty = a self-signed one generated on first start into <data-dir>/tls"),
    MQTT_TLS_KEYSTORE_PASSWORD("mqtt-tls-keystore-password", "", "password of --mqtt-tls-keystore"),
    MQTT_TLS_CLIENT_CA("mqtt-tls-client-ca", "",
            "PEM file of the CA that signs device certificates: devices may then log in over TLS with a certificate whose CN is their id; empty = passwords only"),
    MQTT_CA("mqtt-ca", "", "PEM file of the CA certificates to trust when --mqtt-url is ssl://...; empty = the JVM's trusted CAs"),
    BROKER_QUEUE_MESSAGES("broker-queue-messages", "1000000",
            "embedded broker: messages kept on disk for the ingest while it is down or behind; newer ones are dropped beyond it"),
    MQTT_URL("mqtt-url", "", "external broker, e.g. tcp://broker:1883; empty = run the embedded HiveMQ"),
    MQTT_USERNAME("mqtt-username", "", "user name at the external broker"),
    MQTT_PASSWORD("mqtt-password", "", "password at the external broker"),
    MQTT_CLIENT_ID("mqtt-client-id", "kitchenwatch-ingest-1", "stable MQTT client id of this ingest node"),
    MQTT_SHARED_GROUP("mqtt-shared-group", "", "shared-subscription group for several ingest nodes; empty = none"),
    TOPIC_ROOT("topic-root", "kw", "root of the MQTT topic tree"),
    KAFKA_BOOTSTRAP("kafka-bootstrap", "",
            "cluster mode: Kafka bootstrap servers host:port[,host:port]; the nodes share its device partitions (needs --mqtt-url, --influx-url and a --mqtt-client-id per node); empty = one node on its own"),
    KAFKA_TOPIC_PREFIX("kafka-topic-prefix", "kw", "cluster mode: prefix of the cluster's Kafka topics and consumer groups"),
    KAFKA_PARTITIONS("kafka-partitions", "12",
            "cluster mode: partitions of the device-message topic when the first node creates it (the most nodes that share storing and analysis)"),
    KAFKA_SESSION_TIMEOUT_SECONDS("kafka-session-timeout-seconds", "10",
            "cluster mode: how long a silent node keeps its partitions before they move to the others"),
    INFLUX_URL("influx-url", "", "InfluxDB URL; empty = run the embedded QuestDB"),
    INFLUX_TOKEN("influx-token", "", "InfluxDB 2.x/3.x token (1.x: user:password or empty)"),
    INFLUX_ORG("influx-org", "kitchenwatch", "InfluxDB 2.x organization"),
    INFLUX_DATABASE("influx-database", "kitchenwatch", "InfluxDB 1.x database, or the 2.x/3.x bucket (mapped for InfluxQL)"),
    INFLUX_MODE("influx-mode", "v2", "v2 = write /api/v2/write (InfluxDB 1.8+, 2.x, 3.x); v1 = write /write (before 1.8)"),
    QUESTDB_HTTP_PORT("questdb-http-port", "0", "HTTP port of the embedded QuestDB (0 = pick a free one)"),
    JWT_SECRET("jwt-secret", "", "secret that signs bearer tokens; empty = generated on first start into <data-dir>/jwt-secret"),
    DATA_DIR("data-dir", "kitchenwatch-data", "folder for the embedded store, broker and snapshots"),
    REGISTRY("registry", "", "registry file (JSON); empty = the Tiantai demo county"),
    ANALYTICS_LATENESS_SECONDS("analytics-lateness-seconds", "2",
            "longest wait (event time or wall clock) for a device's out-of-order messages before judging; a message continuing its device's seq is judged at once"),
    STORE_LINGER_MS("store-linger-ms", "0",
            "how long the store writer waits for more messages before a write (0 = write whatever is queued): fewer, larger store transactions at low rates"),
    FRAME_ANALYSIS_THREADS("frame-analysis-threads", "1", "worker threads analysing camera snapshots (JavaCV)"),
    EVIDENCE_RETENTION_DAYS("evidence-retention-days", "30", "days alert evidence snapshots (and certificates' line-camera frames) are kept"),
    PUBLIC_URL("public-url", "",
            "address people reach the dashboards at, e.g. https://kw.example.gov.cn: the QR code on a batch certificate links there; empty = the address the request came to"),
    DETECTOR_MODEL("detector-model", "", "a YOLO-style ONNX object detector to run on every snapshot; empty = none"),
    DETECTOR_CLASSES("detector-classes", "", "the detector's class names, in the model's order, comma separated"),
    DETECTOR_INPUT_SIZE("detector-input-size", "640", "the detector's square input size in pixels"),
    DETECTOR_MIN_SCORE("detector-min-score", "0.5", "lowest detection confidence that counts"),
    DETECTOR_ALERTS("detector-alerts", "", "class:alert_type pairs, comma separated (alert types no_hat, no_mask, smoking, phone, rodent, uncovered_bin); empty = classes named like the types"),
    DEMO_HISTORY_WEEKS("demo-history-weeks", "1",
            "demo: a first start replays the fleet's weeks since the Monday (Asia/Shanghai) this many weeks back, as fast as ingest takes them, so last week's report has figures; 0 = none"),
    DEMO_BACKFILL_MINUTES("demo-backfill-minutes", "120", "demo: simulated time before now replayed at --demo-acceleration before going live"),
    DEMO_ACCELERATION("demo-acceleration", "20", "demo: how much faster than real time the backfill replays"),
    DEMO_FAULTS("demo-faults", String.join(",", SimulationConfig.DEMO_FAULTS),
            "demo: faults to inject, kind:device[@seconds], comma separated"),
    DEMO_SITES("demo-sites", "0", "demo: simulate only the first N sites (0 = all)"),
    DEMO_FRAME_SECONDS("demo-frame-seconds", "10", "demo: seconds between camera snapshots");

    private final String key;
    private final String defaultValue;
    private final String doc;

    Setting(String key, String defaultValue, String doc) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.doc = doc;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String doc() {
        return doc;
    }

    public String envName() {
        return "KW_" + key.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    public static Optional<Setting> byKey(String key) {
        for (Setting s : values()) {
            if (s.key.equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
