package io.kitchenwatch.node;

import io.kitchenwatch.node.fixtures.NodeLogins;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A scripted history through the real pipeline (embedded HiveMQ and QuestDB) raises exactly the expected alerts with
 * evidence; a person walks one from open to closed with notes (illegal steps answer 409); alerts and their states
 * survive a restart; every change is published on MQTT.
 */
class AlertLifecycleIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private String base;
    private String token;

    private Node start(Path dataDir) throws Exception {
        Node node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0",
                "mqtt-bind", "127.0.0.1", "data-dir", dataDir.toString(), "analytics-lateness-seconds", "0"), Map.of()), false);
        base = "http://127.0.0.1:" + node.httpPort();
        token = node.tokens().issue(new io.kitchenwatch.dashboards.auth.Caller("test-admin", io.kitchenwatch.dashboards.auth.Role.ADMIN, ""),
                Duration.ofHours(1));
        return node;
    }

    @Test
    void faultsBecomeAlertsThatAPersonClosesAndThatSurviveARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("kw-alerts-");
        long t0 = System.currentTimeMillis() - 3 * 3_600_000L;
        String alertId;
        try (Node node = start(dataDir);
             TestDevice device = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "scripted-devices"), "test");
             TestDevice downstream = new TestDevice(node.brokerUri(), NodeLogins.observer(node, "alert-listener"), "test")) {
            downstream.subscribe("kw/alerts/#");
            // a hot-air batch that peaks at 112 C: non-compliant
            device.publish("kw/dsp-01/dsp-01-cab-1/event", "{\"ts\":" + t0 + ",\"type\":\"cycle_start\",\"batch\":\"B-cold-1\",\"method\":\"hot_air\"}");
            for (int i = 0; i <= 90; i++) {
                double temp = i < 20 ? 25 + 87 * i / 20.0 : 112;
                device.publish("kw/dsp-01/dsp-01-cab-1/telemetry", "{\"ts\":" + (t0 + i * 10_000L) + ",\"seq\":" + i
                        + ",\"values\":{\"temp_c\":" + temp + ",\"running\":true,\"door_open\":false}}");
            }
            device.publish("kw/dsp-01/dsp-01-cab-1/event", "{\"ts\":" + (t0 + 900_000) + ",\"type\":\"cycle_end\",\"batch\":\"B-cold-1\"}");
            // a grease interceptor filling past 20 % and 25 %
            for (int i = 0; i < 40; i++) {
                device.publish("kw/rst-03/rst-03-sep-1/telemetry", "{\"ts\":" + (t0 + i * 30_000L) + ",\"seq\":" + i
                        + ",\"values\":{\"grease_pct\":" + (18 + i * 0.25) + ",\"oil_out_mg_l\":40}}");
            }

            // the food-waste ledger: two collections of a school canteen's bin
            device.publish("kw/sch-04/sch-04-bin-1/event", "{\"ts\":" + (t0 + 1000) + ",\"type\":\"collected\",\"weight_kg\":38.5,\"by\":\"collector-3\"}");
            device.publish("kw/sch-04/sch-04-bin-1/event", "{\"ts\":" + (t0 + 2000) + ",\"type\":\"collected\",\"weight_kg\":2.5,\"by\":\"collector-1\"}");

            JsonArray alerts = await(Duration.ofSeconds(30), () -> getArray("/api/v1/alerts"), a -> a.size() >= 3);
            Map<String, JsonObject> byType = alerts.stream().map(JsonObject.class::cast)
                    .collect(Collectors.toMap(a -> a.getString("type"), a -> a));
            assertEquals(List.of("disinfection_cycle_noncompliant", "grease_level_alarm", "grease_level_warning"),
                    byType.keySet().stream().sorted().toList());
            JsonObject cycle = byType.get("disinfection_cycle_noncompliant");
            assertEquals("critical", cycle.getString("severity"));
            assertEquals("open", cycle.getString("state"));
            assertEquals("B-cold-1", cycle.getJsonObject("evidence").getString("batch"));
            assertEquals(112.0, cycle.getJsonObject("evidence").getDouble("max_value"));
            assertEquals("non_compliant", cycle.getJsonObject("evidence").getString("verdict"));
            assertEquals(t0 + 900_000, cycle.getLong("opened"));
            assertEquals(25.0, byType.get("grease_level_alarm").getJsonObject("evidence").getDouble("grease_pct"));

            // the store shows a written row a moment later (QuestDB applies its WAL asynchronously)
            JsonArray batches = await(Duration.ofSeconds(10), () -> getArray("/api/v1/sites/dsp-01/batches?from=" + (t0 - 1)), b -> b.size() == 1);
            assertEquals(1, batches.size(), batches.encode());
            assertEquals("non_compliant", batches.getJsonObject(0).getString("verdict"));

            JsonArray ledger = await(Duration.ofSeconds(10), () -> getArray("/api/v1/sites/sch-04/waste-ledger?from=" + (t0 - 1)), l -> l.size() == 2);
            assertEquals("collector-1", ledger.getJsonObject(0).getString("by"), "newest first");
            assertEquals(38.5, ledger.getJsonObject(1).getDouble("weight_kg"));
            assertEquals("sch-04-bin-1", ledger.getJsonObject(1).getString("device"));
            assertEquals(t0 + 1000, ledger.getJsonObject(1).getLong("ts"));

            alertId = cycle.getString("id");
            assertEquals(409, post("/api/v1/alerts/" + alertId + "/close", "{\"note\":\"too early\"}").statusCode());
            assertEquals(400, post("/api/v1/alerts/" + alertId + "/approve", "{}").statusCode());
            assertEquals(400, post("/api/v1/alerts/" + alertId + "/ack", "{not json").statusCode());
            assertEquals(400, post("/api/v1/alerts/" + alertId + "/ack", "{\"note\": 5}").statusCode());
            assertEquals(404, post("/api/v1/alerts/a-nothing/ack", "{}").statusCode());
            assertEquals(200, post("/api/v1/alerts/" + alertId + "/ack", "{\"note\":\"batch held back\",\"by\":\"inspector-li\"}").statusCode());
            assertEquals(409, post("/api/v1/alerts/" + alertId + "/ack", "{}").statusCode());
            assertEquals(200, post("/api/v1/alerts/" + alertId + "/rectify", "{\"note\":\"heater element replaced\",\"by\":\"plant-wang\"}").statusCode());
            assertEquals(200, post("/api/v1/alerts/" + alertId + "/verify", "{\"note\":\"test batch reached 126 C\",\"by\":\"inspector-li\"}").statusCode());
            HttpResponse<String> closed = post("/api/v1/alerts/" + alertId + "/close", "{\"note\":\"closed\",\"by\":\"inspector-li\"}");
            assertEquals(200, closed.statusCode());
            JsonObject closedAlert = new JsonObject(closed.body());
            assertEquals("closed", closedAlert.getString("state"));
            assertEquals(List.of("open", "acknowledged", "rectifying", "verified", "closed"), closedAlert.getJsonArray("history")
                    .stream().map(h -> ((JsonObject) h).getString("state")).toList());
            assertEquals("heater element replaced", closedAlert.getJsonArray("history").getJsonObject(2).getString("note"));

            var published = await(Duration.ofSeconds(10), downstream::received, r -> r.size() >= 7);
            assertTrue(published.stream().anyMatch(m -> m[0].equals("kw/alerts/dsp-01/dsp-01-cab-1") && m[1].contains("\"state\":\"closed\"")));
            assertEquals(1, getArray("/api/v1/alerts?state=closed").size());
            assertEquals(2, getArray("/api/v1/alerts?site=rst-03").size());
            assertEquals(400, http.send(get("/api/v1/alerts?state=done"), HttpResponse.BodyHandlers.ofString()).statusCode());

            JsonObject kpis = getJson("/api/v1/kpis?region=tiantai&from=" + (t0 - 1));
            Map<String, JsonObject> kpi = kpis.getJsonArray("kpis").stream().map(JsonObject.class::cast)
                    .collect(Collectors.toMap(k -> k.getString("id"), k -> k));
            assertEquals(22, kpis.getInteger("sites"));
            assertEquals(0.0, kpi.get("disinfection_pass_rate").getDouble("value"));
            assertEquals(1, kpi.get("disinfection_pass_rate").getInteger("denominator"));
            assertEquals(false, kpi.get("disinfection_pass_rate").getBoolean("meets_target"));
            assertEquals(1, kpi.get("closed_loop").getInteger("numerator"));
            assertEquals(3, kpi.get("closed_loop").getInteger("denominator"));
            assertEquals(1, kpi.get("oil_separator_monitored").getInteger("numerator"), "rst-03 reported");
            assertEquals(10, kpi.get("oil_separator_monitored").getInteger("denominator"));
            assertEquals(0, kpi.get("sunshine_kitchen_coverage").getInteger("numerator"), "no camera sent a picture");
            assertEquals(10, kpi.get("sunshine_kitchen_coverage").getInteger("denominator"));
            // no camera sent a picture: that is no figure at all, not a failing one
            assertNull(kpi.get("video_intact_rate").getValue("value"));
            assertNull(kpi.get("video_intact_rate").getValue("meets_target"));
            assertEquals("no disinfection plant's camera sent a frame in the period", kpi.get("video_intact_rate").getString("no_data"));
            assertNull(kpi.get("sunshine_kitchen_coverage").getValue("value"));
            assertEquals(404, http.send(get("/api/v1/kpis?region=atlantis"), HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(400, http.send(get("/api/v1/kpis?from=soon"), HttpResponse.BodyHandlers.ofString()).statusCode());
        }

        try (Node restarted = start(dataDir)) {
            JsonArray alerts = getArray("/api/v1/alerts");
            assertEquals(3, alerts.size(), alerts.encode());
            JsonObject again = getJson("/api/v1/alerts/" + alertId);
            assertEquals("closed", again.getString("state"));
            assertEquals(5, again.getJsonArray("history").size());
            assertEquals(2, getArray("/api/v1/alerts?state=open").size());
        }
    }

    private HttpRequest get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).build();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private JsonObject getJson(String path) throws Exception {
        return new JsonObject(http.send(get(path), HttpResponse.BodyHandlers.ofString()).body());
    }

    private JsonArray getArray(String path) throws Exception {
        return new JsonArray(http.send(get(path), HttpResponse.BodyHandlers.ofString()).body());
    }
}
