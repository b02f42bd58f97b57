package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.fixtures.NodeLogins;
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

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An admin adds a kitchen with its devices through the API and it is watched at once, without a restart; mistakes
 * are all listed and nothing is applied; a dry run applies nothing; the change is in the audit list and survives a
 * restart; a retired device is no longer listed.
 */
class RegistryManagementIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonObject NEW_KITCHEN = new JsonObject("""
            {"id": "sch-99", "name": "赤城新建小学食堂", "kind": "school_canteen", "organization": "org-school-01",
             "region": "tiantai-chicheng", "working_hours": ["06:00-13:30"],
             "devices": [{"id": "sch-99-cab-1", "kind": "disinfection_cabinet", "interval_s": 10, "settings": {"method": "hot_air"}},
                         {"id": "sch-99-bin-1", "kind": "waste_bin", "interval_s": 60}]}""");

    private static Node start(Path dataDir) throws Exception {
        return Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0",
                "mqtt-bind", "127.0.0.1", "data-dir", dataDir.toString()), Map.of()), false);
    }

    private static HttpResponse<String> call(Node node, String token, String method, String path, JsonObject body) throws Exception {
        return send(node, token, method, path, "application/json", body == null ? null : body.encode());
    }

    private static HttpResponse<String> send(Node node, String token, String method, String path, String contentType, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + path))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject put(String type, JsonObject value) {
        return new JsonObject().put("op", "put").put("type", type).put("value", value);
    }

    private static List<String> siteIds(Node node, String token, String path) throws Exception {
        return new JsonArray(call(node, token, "GET", path, null).body()).stream().map(s -> ((JsonObject) s).getString("id")).sorted().toList();
    }

    @Test
    void anAdminAddsAKitchenThatIsWatchedAtOnceAndStaysAfterARestart() throws Exception {
        Path dataDir = Files.createTempDirectory("kw-registry-");
        try (Node node = start(dataDir)) {
            String admin = node.tokens().issue(new Caller("root", Role.ADMIN, ""), Duration.ofHours(1));
            String regulator = node.tokens().issue(new Caller("inspector", Role.REGULATOR, "tiantai-chicheng"), Duration.ofHours(1));
            JsonObject add = new JsonObject().put("changes", new JsonArray().add(put("site", NEW_KITCHEN)));

            assertEquals(403, call(node, regulator, "POST", "/api/v1/registry/changes", add).statusCode());
            assertEquals(403, call(node, regulator, "GET", "/api/v1/registry", null).statusCode());

            // every mistake at once, and nothing applied
            JsonObject wrong = NEW_KITCHEN.copy().put("region", "atlantis");
            wrong.getJsonArray("devices").getJsonObject(1).put("kind", "toaster");
            HttpResponse<String> refused = call(node, admin, "POST", "/api/v1/registry/changes",
                    new JsonObject().put("changes", new JsonArray().add(put("site", wrong)).add(new JsonObject().put("op", "explode").put("type", "site"))));
            assertEquals(422, refused.statusCode(), refused.body());
            JsonArray problems = new JsonObject(refused.body()).getJsonArray("problems");
            assertTrue(problems.encode().contains("op must be put or retire"), problems.encode());
            HttpResponse<String> refusedByLoader = call(node, admin, "POST", "/api/v1/registry/changes",
                    new JsonObject().put("changes", new JsonArray().add(put("site", wrong))));
            String reasons = new JsonObject(refusedByLoader.body()).getJsonArray("problems").encode();
            assertTrue(reasons.contains("atlantis") && reasons.contains("toaster"), "both mistakes: " + reasons);

            HttpResponse<String> dry = call(node, admin, "POST", "/api/v1/registry/changes", add.copy().put("dry_run", true));
            assertEquals(200, dry.statusCode(), dry.body());
            assertFalse(new JsonObject(dry.body()).getBoolean("applied"));
            assertEquals(List.of("rst-07", "sch-01"), siteIds(node, regulator, "/api/v1/sites"), "a dry run changes nothing");

            HttpResponse<String> applied = call(node, admin, "POST", "/api/v1/registry/changes", add);
            assertEquals(200, applied.statusCode(), applied.body());
            assertTrue(new JsonObject(applied.body()).getBoolean("applied"));
            assertEquals(List.of("rst-07", "sch-01", "sch-99"), siteIds(node, regulator, "/api/v1/sites"), "the town's regulator sees it at once");
            JsonObject town = new JsonObject(call(node, regulator, "GET", "/api/v1/overview", null).body());
            assertEquals(3, town.getJsonObject("totals").getInteger("sites"));

            // its cabinet reports and is a registered device like any other: stored, analysed, online
            try (TestDevice cabinet = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "new-kitchen"), "test")) {
                cabinet.publish("kw/sch-99/sch-99-cab-1/telemetry", "{\"values\":{\"temp_c\":40.0}}");
            }
            JsonObject status = await(Duration.ofSeconds(20), () -> new JsonObject(call(node, regulator, "GET", "/api/v1/devices/sch-99-cab-1", null).body()),
                    d -> d.getValue("last_seen") != null);
            assertTrue(status.getBoolean("registered"));
            assertTrue(status.getBoolean("online"));

            JsonArray audit = new JsonObject(call(node, admin, "GET", "/api/v1/registry/audit", null).body()).getJsonArray("changes");
            assertEquals(1, audit.size(), "the refused and the dry-run sets are not recorded: " + audit.encode());
            assertEquals("root", audit.getJsonObject(0).getString("by"));
        }
        try (Node restarted = start(dataDir)) {
            String admin = restarted.tokens().issue(new Caller("root", Role.ADMIN, ""), Duration.ofHours(1));
            assertTrue(siteIds(restarted, admin, "/api/v1/sites").contains("sch-99"), "the change survives a restart");
            // the bin drops off the network (its Last Will): an open alert, which retiring the bin closes with a note
            try (TestDevice bin = new TestDevice(restarted.brokerUri(), NodeLogins.bridge(restarted, "new-kitchen-bin"), "test")) {
                bin.publish("kw/sch-99/sch-99-bin-1/state", "{\"online\":false}");
            }
            String alert = await(Duration.ofSeconds(20), () -> new JsonArray(call(restarted, admin, "GET", "/api/v1/alerts?device=sch-99-bin-1&state=open", null).body()),
                    a -> a.size() == 1).getJsonObject(0).getString("id");
            JsonObject retire = new JsonObject().put("changes", new JsonArray().add(new JsonObject().put("op", "retire").put("type", "device").put("id", "sch-99-bin-1")));
            assertEquals(200, call(restarted, admin, "POST", "/api/v1/registry/changes", retire).statusCode());
            JsonArray devices = new JsonArray(call(restarted, admin, "GET", "/api/v1/devices?site=sch-99", null).body());
            assertEquals(List.of("sch-99-cab-1"), devices.stream().map(d -> ((JsonObject) d).getString("id")).toList());
            JsonObject closed = await(Duration.ofSeconds(20), () -> new JsonObject(call(restarted, admin, "GET", "/api/v1/alerts/" + alert, null).body()),
                    a -> "closed".equals(a.getString("state")));
            JsonArray history = closed.getJsonArray("history");
            assertEquals("device retired from the registry", history.getJsonObject(history.size() - 1).getString("note"));
            JsonObject document = new JsonObject(call(restarted, admin, "GET", "/api/v1/registry", null).body());
            assertTrue(document.encode().contains("sch-99-cab-1") && !document.encode().contains("sch-99-bin-1"));
        }
    }

    @Test
    void anAdminImportsDevicesFromACsvIssuesTheirLoginsAndRetiringOneRevokesIt() throws Exception {
        Path dataDir = Files.createTempDirectory("kw-registry-csv-");
        try (Node node = start(dataDir)) {
            String admin = node.tokens().issue(new Caller("root", Role.ADMIN, ""), Duration.ofHours(1));
            String regulator = node.tokens().issue(new Caller("inspector", Role.REGULATOR, "tiantai-chicheng"), Duration.ofHours(1));
            assertEquals(403, call(node, regulator, "GET", "/api/v1/registry/devices.csv", null).statusCode());
            assertEquals(404, call(node, admin, "GET", "/api/v1/registry/passwords.csv", null).statusCode());
            HttpResponse<String> export = call(node, admin, "GET", "/api/v1/registry/devices.csv", null);
            assertEquals(200, export.statusCode());
            assertTrue(export.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"));
            assertTrue(export.body().startsWith("\uFEFFid,site,kind,zone,interval_s,settings\r\n"), export.body().substring(0, 60));
            assertTrue(export.body().contains("sch-01-cab-1,sch-01,disinfection_cabinet,,10,\"{\"\"method\"\":\"\"hot_air\"\"}\""), "settings as JSON");

            // every mistake of the file at its line and column, nothing applied
            String wrong = "id,site,kind,zone,interval_s\r\nsch-01-cam-yard,sch-01,camera,yard,10\r\nsch-01-bin-2,sch-01,waste_bin,,soon\r\n"
                    + "sch-01-bin-3,sch-42,waste_bin,,60\r\n";
            HttpResponse<String> refused = send(node, admin, "POST", "/api/v1/registry/import?type=device", "text/csv", wrong);
            assertEquals(422, refused.statusCode(), refused.body());
            JsonArray errors = new JsonObject(refused.body()).getJsonArray("errors");
            assertEquals(new JsonObject().put("message", "interval_s 'soon' is not a number of seconds").put("line", 3).put("column", "interval_s"),
                    errors.getJsonObject(0), "a cell that is not a number is refused before the registry is tried");
            HttpResponse<String> refusedByRegistry = send(node, admin, "POST", "/api/v1/registry/import?type=device", "text/csv",
                    wrong.replace("soon", "60"));
            JsonArray placed = new JsonObject(refusedByRegistry.body()).getJsonArray("errors");
            assertEquals(2, placed.size(), placed.encode());
            assertTrue(placed.stream().map(JsonObject.class::cast).anyMatch(e -> e.getInteger("line") == 2 && "zone".equals(e.getString("column"))), placed.encode());
            assertTrue(placed.stream().map(JsonObject.class::cast).anyMatch(e -> e.getInteger("line") == 4 && "site".equals(e.getString("field"))), placed.encode());
            assertTrue(new JsonObject(refusedByRegistry.body()).getJsonArray("problems").getString(0).startsWith("line "), refusedByRegistry.body());
            assertEquals(400, send(node, admin, "POST", "/api/v1/registry/import?type=toaster", "text/csv", wrong).statusCode());

            String good = "id,site,kind,zone,interval_s\nsch-01-cam-yard,sch-01,camera,storeroom,10\nsch-01-bin-2,sch-01,waste_bin,,60\n";
            HttpResponse<String> dry = send(node, admin, "POST", "/api/v1/registry/import?type=device&dry_run=true", "text/csv", good);
            assertEquals(200, dry.statusCode(), dry.body());
            assertFalse(new JsonObject(dry.body()).getBoolean("applied"));
            HttpResponse<String> imported = send(node, admin, "POST", "/api/v1/registry/import?type=device", "text/csv", good);
            assertEquals(200, imported.statusCode(), imported.body());
            assertTrue(new JsonObject(imported.body()).getBoolean("applied"));

            // logins for the new devices, shown once; a device connects with its own and is heard
            assertEquals(422, call(node, admin, "POST", "/api/v1/registry/credentials", new JsonObject().put("devices", new JsonArray().add("sch-77-x"))).statusCode());
            HttpResponse<String> issued = call(node, admin, "POST", "/api/v1/registry/credentials",
                    new JsonObject().put("devices", new JsonArray().add("sch-01-bin-2")));
            assertEquals(200, issued.statusCode(), issued.body());
            assertEquals("no-store", issued.headers().firstValue("Cache-Control").orElse(""));
            JsonObject login = new JsonObject(issued.body()).getJsonArray("credentials").getJsonObject(0);
            try (TestDevice bin = new TestDevice(node.brokerUri(), "sch-01-bin-2", login.getString("username"), login.getString("password"))) {
                bin.publish("kw/sch-01/sch-01-bin-2/telemetry", "{\"values\":{\"weight_kg\":12.5}}");
            }
            await(Duration.ofSeconds(20), () -> new JsonObject(call(node, regulator, "GET", "/api/v1/devices/sch-01-bin-2", null).body()),
                    d -> d.getValue("last_seen") != null && d.getBoolean("registered"));
            // the operator's command of the same data folder knows the device the page added
            assertEquals(0, CredentialsCommand.run(new String[]{"credentials", "--device", "sch-01-cam-yard", "--data-dir", dataDir.toString()}));

            // retiring the bin by a CSV row revokes its login
            HttpResponse<String> retired = send(node, admin, "POST", "/api/v1/registry/import?type=device", "text/csv", "op,id\nretire,sch-01-bin-2\n");
            assertEquals(200, retired.statusCode(), retired.body());
            assertTrue(node.mqttCredentials().find("sch-01-bin-2").isEmpty(), "the retired device's login is revoked");
            assertTrue(node.mqttCredentials().find("sch-01-cam-yard").isPresent());
            assertThrows(org.eclipse.paho.client.mqttv3.MqttException.class,
                    () -> new TestDevice(node.brokerUri(), "sch-01-bin-2", login.getString("username"), login.getString("password")).close());
        }
    }
}
