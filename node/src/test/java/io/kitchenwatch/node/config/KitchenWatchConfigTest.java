package io.kitchenwatch.node.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KitchenWatchConfigTest {
    @Test
    void flagsBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("kw.json");
        Files.writeString(file, "{\"http-port\": 7000, \"mqtt-port\": 7001, \"topic-root\": \"file\"}");
        KitchenWatchConfig c = KitchenWatchConfig.resolve(Map.of("config", file.toString(), "http-port", "9000"),
                Map.of("KW_HTTP_PORT", "8000", "KW_MQTT_PORT", "8001"));
        assertEquals(9000, c.httpPort());
        assertEquals(8001, c.mqttPort());
        assertEquals("file", c.get(Setting.TOPIC_ROOT));
        assertEquals("kitchenwatch-ingest-1", c.get(Setting.MQTT_CLIENT_ID));
        assertTrue(c.externalBroker().isEmpty());
    }

    @Test
    void mistakesStopTheStartWithAMessage(@TempDir Path dir) throws Exception {
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(Map.of("htp-port", "1"), Map.of()))
                .getMessage().contains("unknown option --htp-port"));
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(Map.of("http-port", "eighty"), Map.of()))
                .getMessage().contains("--http-port must be a number"));
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(Map.of("mqtt-port", "70000"), Map.of()))
                .getMessage().contains("0..65535"));
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(Map.of("demo-faults", "melt:x"), Map.of()))
                .getMessage().contains("fault kind 'melt'"));
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "{not json");
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(Map.of("config", bad.toString()), Map.of()))
                .getMessage().contains("not valid JSON"));
    }

    @Test
    void aDetectorIsOptionalAndItsMistakesStopTheStart() {
        assertTrue(KitchenWatchConfig.resolve(Map.of(), Map.of()).detector().isEmpty());
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(
                Map.of("detector-model", "/nowhere/model.onnx", "detector-classes", "rodent"), Map.of()).detector())
                .getMessage().contains("not a readable file"));
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(
                Map.of("detector-model", "/nowhere/model.onnx"), Map.of()).detector()).getMessage().contains("--detector-classes"));
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(Map.of("detector-model", "/x.onnx",
                "detector-classes", "rat", "detector-alerts", "rat:burglar"), Map.of()).detector()).getMessage().contains("rat:burglar"));
    }

    @Test
    void clusterModeNeedsSharedPartsAndItsOwnClientId() {
        assertTrue(KitchenWatchConfig.resolve(Map.of(), Map.of()).cluster().isEmpty());
        String problems = assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(
                Map.of("kafka-bootstrap", "127.0.0.1:9092", "kafka-partitions", "0"), Map.of())).getMessage();
        for (String expected : new String[]{"--influx-url", "--mqtt-url", "--mqtt-client-id", "--kafka-partitions"}) {
            assertTrue(problems.contains(expected), problems);
        }
        assertTrue(assertThrows(ConfigException.class, () -> KitchenWatchConfig.resolve(Map.of("kafka-bootstrap", "k:9092",
                "kafka-session-timeout-seconds", "soon"), Map.of())).getMessage().contains("--kafka-session-timeout-seconds must be a whole number, got 'soon'"));
        KitchenWatchConfig node = KitchenWatchConfig.resolve(Map.of("kafka-bootstrap", "k1:9092,k2:9092", "influx-url", "http://influx:8086",
                "mqtt-url", "tcp://broker:1883", "mqtt-client-id", "kitchenwatch-node-2"), Map.of());
        assertEquals("k1:9092,k2:9092", node.cluster().orElseThrow().bootstrap());
        assertEquals("kw.device-messages", node.cluster().orElseThrow().messagesTopic());
        assertEquals(12, node.cluster().orElseThrow().partitions());
        assertEquals("kitchenwatch", node.sharedGroup().orElseThrow(), "cluster nodes split the devices' messages on one shared subscription");
    }

    @Test
    void everySettingIsDocumented() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (Setting s : Setting.values()) {
            assertTrue(doc.contains("`--" + s.key() + "`") && doc.contains("`" + s.envName() + "`"),
                    "docs/configuration.md lacks " + s.key());
        }
    }
}
