package io.kitchenwatch.node;

import io.kitchenwatch.node.fixtures.NodeLogins;
import io.kitchenwatch.node.fixtures.SteamBatch;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every role against every endpoint, in and out of its scope: people log in, tokens are checked, an out-of-scope id
 * answers 404, a missing token 401, a forbidden action 403.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ScopeMatrixIT {
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Node node;
    static String base;
    static final Map<Role, String> TOKENS = new LinkedHashMap<>();
    static String canteenAlert;
    static String plantAlert;

    @BeforeAll
    static void start() throws Exception {
        node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0",
                "mqtt-bind", "127.0.0.1", "data-dir", Files.createTempDirectory("kw-scope-").toString()), Map.of()), false);
        base = "http://127.0.0.1:" + node.httpPort();
        node.users().put("canteen01", "canteen-pw".toCharArray(), Role.CANTEEN, "org-school-01");
        node.users().put("jiekang", "company-pw".toCharArray(), Role.COMPANY, "org-disinfect-01");
        node.users().put("inspector", "regulator-pw".toCharArray(), Role.REGULATOR, "tiantai-chicheng");
        node.users().put("root", "admin-pw".toCharArray(), Role.ADMIN, "");
        TOKENS.put(Role.CANTEEN, login("canteen01", "canteen-pw"));
        TOKENS.put(Role.COMPANY, login("jiekang", "company-pw"));
        TOKENS.put(Role.REGULATOR, login("inspector", "regulator-pw"));
        TOKENS.put(Role.ADMIN, login("root", "admin-pw"));
        try (TestDevice d = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "scope-devices"), "test")) {
            d.publish("kw/sch-01/sch-01-cab-1/state", "{\"online\":false}");
            d.publish("kw/dsp-01/dsp-01-cab-1/state", "{\"online\":false}");
        }
        JsonArray alerts = await(Duration.ofSeconds(20), () -> array(Role.ADMIN, "/api/v1/alerts"), a -> a.size() == 2);
        for (Object o : alerts) {
            JsonObject a = (JsonObject) o;
            if (a.getString("site").equals("sch-01")) {
                canteenAlert = a.getString("id");
            } else {
                plantAlert = a.getString("id");
            }
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    static String login(String user, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", user).put("password", password).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new JsonObject(r.body()).getString("token");
    }

    static HttpResponse<String> call(String token, String method, String path) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"note\":\"seen\"}") : HttpRequest.BodyPublishers.noBody());
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonArray array(Role role, String path) throws Exception {
        return new JsonArray(call(TOKENS.get(role), "GET", path).body());
    }

    static int status(Role role, String method, String path) throws Exception {
        return call(TOKENS.get(role), method, path).statusCode();
    }

    @Test
    void eachRoleSeesItsOwnSitesOnly() throws Exception {
        assertEquals(List.of("sch-01"), ids(array(Role.CANTEEN, "/api/v1/sites")));
        assertEquals(List.of("dsp-01"), ids(array(Role.COMPANY, "/api/v1/sites")));
        assertEquals(List.of("rst-07", "sch-01"), ids(array(Role.REGULATOR, "/api/v1/sites")));
        assertEquals(22, array(Role.ADMIN, "/api/v1/sites").size());
        assertTrue(array(Role.CANTEEN, "/api/v1/devices").stream().allMatch(d -> ((JsonObject) d).getString("site").equals("sch-01")));
        assertEquals(List.of(canteenAlert), ids(array(Role.CANTEEN, "/api/v1/alerts")));
        assertEquals(List.of(plantAlert), ids(array(Role.COMPANY, "/api/v1/alerts")));
        assertEquals(List.of(canteenAlert), ids(array(Role.REGULATOR, "/api/v1/alerts")));
        assertEquals(1, new JsonObject(call(TOKENS.get(Role.CANTEEN), "GET", "/api/v1/kpis").body()).getInteger("sites"));
        assertEquals(2, new JsonObject(call(TOKENS.get(Role.REGULATOR), "GET", "/api/v1/kpis").body()).getInteger("sites"));
        JsonObject town = new JsonObject(call(TOKENS.get(Role.REGULATOR), "GET", "/api/v1/overview").body());
        assertEquals("tiantai-chicheng", town.getJsonObject("region").getString("id"), "a regulator starts at their region");
        assertEquals(List.of("rst-07", "sch-01"), ids(town.getJsonArray("sites")));
        assertEquals(2, town.getJsonObject("totals").getInteger("sites"));
        JsonObject towns = new JsonObject(call(TOKENS.get(Role.ADMIN), "GET", "/api/v1/overview").body());
        assertEquals("tiantai", towns.getJsonObject("region").getString("id"), "an admin starts at the one top region");
        assertEquals(10, towns.getJsonArray("groups").size(), "the county's towns as tiles");
        assertEquals(22, towns.getJsonArray("groups").stream().mapToInt(g -> ((JsonObject) g).getInteger("sites")).sum());
        assertEquals(22, towns.getJsonObject("totals").getInteger("sites"));
        JsonObject own = new JsonObject(call(TOKENS.get(Role.CANTEEN), "GET", "/api/v1/overview?region=tiantai").body());
        assertEquals(1, own.getJsonObject("totals").getInteger("sites"), "a canteen sees its own site in the county, no other");
        JsonObject home = new JsonObject(call(TOKENS.get(Role.CANTEEN), "GET", "/api/v1/overview").body());
        assertEquals(List.of("sch-01"), ids(home.getJsonArray("sites")), "a canteen starts at its own kitchen");
        assertEquals(0, home.getJsonArray("groups").size());
        assertEquals(List.of("sch-01"), ids(array(Role.REGULATOR, "/api/v1/sites?q=SCH")), "the search box finds in scope only");
        assertEquals(List.of(), ids(array(Role.CANTEEN, "/api/v1/sites?q=dsp")));
    }

    @Test
    void anIdOutOfScopeIsNotFoundWhateverTheEndpoint() throws Exception {
        Map<String, int[]> expected = new LinkedHashMap<>();
        //                                                   canteen company regulator admin
        expected.put("GET /api/v1/sites/sch-01", new int[] {200, 404, 200, 200});
        expected.put("GET /api/v1/sites/dsp-01", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/devices/sch-01-cab-1", new int[] {200, 404, 200, 200});
        expected.put("GET /api/v1/devices/dsp-01-cab-1", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/devices/dsp-01-cab-1/series?field=temp_c", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/devices/dsp-01-cam-line-1/snapshot.jpg", new int[] {404, 404, 404, 404});
        expected.put("GET /api/v1/sites/dsp-01/batches", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/sites/sch-01/waste-ledger", new int[] {200, 404, 200, 200});
        expected.put("GET /api/v1/alerts/" + plantAlert, new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/alerts/" + canteenAlert, new int[] {200, 404, 200, 200});
        expected.put("GET /api/v1/kpis?region=tiantai-pingqiao", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/evidence/dsp-01-cam-line-1-1.jpg", new int[] {404, 404, 404, 404});
        expected.put("GET /api/v1/overview?region=tiantai-pingqiao", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/overview?region=tiantai", new int[] {200, 200, 404, 200});
        expected.put("GET /api/v1/overview?region=tiantai-chicheng", new int[] {200, 404, 200, 200});
        expected.put("GET /api/v1/overview?region=nowhere", new int[] {404, 404, 404, 404});
        Role[] roles = Role.values();
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            String[] mp = e.getKey().split(" ");
            for (int i = 0; i < roles.length; i++) {
                assertEquals(e.getValue()[i], status(roles[i], mp[0], mp[1]), roles[i] + " " + e.getKey());
            }
        }
    }

    /** Last: its cabinet falls silent afterwards and goes offline, an alert the other tests do not expect. */
    @Test
    @Order(Integer.MAX_VALUE)
    void reportsAndCertificatesFollowTheScopes() throws Exception {
        // a plant's batches: one for the canteen of org-school-01, one for another school
        long start = System.currentTimeMillis() - 86_400_000L;
        try (TestDevice plant = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "scope-plant"), "test")) {
            new SteamBatch("dsp-01", "dsp-01-cab-2", "B-ours", "sch-01", start, 0).publish(plant, null, null);
            new SteamBatch("dsp-01", "dsp-01-cab-2", "B-theirs", "sch-02", start + 1_000_000, SteamBatch.MESSAGES).publish(plant, null, null);
        }
        JsonArray all = await(Duration.ofSeconds(30), () -> new JsonObject(call(TOKENS.get(Role.ADMIN), "GET", "/api/v1/certificates").body())
                .getJsonArray("certificates"), a -> a.size() == 2);
        String ours = null;
        String theirs = null;
        for (Object o : all) {
            JsonObject c = (JsonObject) o;
            if (c.getString("batch").equals("B-ours")) {
                ours = c.getString("id");
            } else {
                theirs = c.getString("id");
            }
        }
        Map<String, int[]> expected = new LinkedHashMap<>();
        //                                                   canteen company regulator admin
        expected.put("GET /api/v1/certificates/" + ours, new int[] {200, 200, 200, 200});
        expected.put("GET /api/v1/certificates/" + theirs, new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/certificates/" + theirs + "/certificate.pdf", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/certificates/" + theirs + "/qr.png", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/certificates?site=dsp-01", new int[] {404, 200, 404, 200});
        expected.put("GET /api/v1/certificates/c-0-aaaaaaaaaaaa", new int[] {404, 404, 404, 404});
        Role[] roles = Role.values();
        for (Map.Entry<String, int[]> e : expected.entrySet()) {
            String[] mp = e.getKey().split(" ");
            for (int i = 0; i < roles.length; i++) {
                assertEquals(e.getValue()[i], status(roles[i], mp[0], mp[1]), roles[i] + " " + e.getKey());
            }
        }
        assertEquals(1, new JsonObject(call(TOKENS.get(Role.CANTEEN), "GET", "/api/v1/certificates").body()).getJsonArray("certificates").size());
        assertEquals(200, call(null, "GET", "/verify/" + theirs).statusCode(), "the public page needs no login");
        assertEquals(404, call(null, "GET", "/verify/c-0-aaaaaaaaaaaa").statusCode());

        // reports: a scope beyond the caller's is unknown to them; a report is readable by those who see all its sites
        Map<String, int[]> builds = new LinkedHashMap<>();
        builds.put("{\"scope\":\"site\",\"id\":\"dsp-01\"}", new int[] {404, 202, 404, 202});
        builds.put("{\"scope\":\"region\",\"id\":\"tiantai\"}", new int[] {404, 404, 404, 202});
        builds.put("{\"scope\":\"organization\",\"id\":\"org-school-01\"}", new int[] {202, 404, 202, 202});
        Map<Role, String> plantReports = new LinkedHashMap<>();
        for (Map.Entry<String, int[]> e : builds.entrySet()) {
            for (int i = 0; i < roles.length; i++) {
                HttpResponse<String> r = post(roles[i], "/api/v1/reports", e.getKey());
                assertEquals(e.getValue()[i], r.statusCode(), roles[i] + " builds " + e.getKey() + ": " + r.body());
                if (r.statusCode() == 202 && e.getKey().contains("dsp-01")) {
                    plantReports.put(roles[i], new JsonObject(r.body()).getString("id"));
                }
            }
        }
        for (String id : plantReports.values()) {
            await(Duration.ofSeconds(60), () -> new JsonObject(call(TOKENS.get(Role.ADMIN), "GET", "/api/v1/reports/" + id).body())
                    .getString("state"), "done"::equals);
        }
        // the company's own report on its plant: theirs and the admins'; an admin's report on it is not the company's
        String companys = plantReports.get(Role.COMPANY);
        assertEquals(200, status(Role.COMPANY, "GET", "/api/v1/reports/" + companys + "/report.pdf"));
        assertEquals(200, status(Role.ADMIN, "GET", "/api/v1/reports/" + companys));
        assertEquals(404, status(Role.CANTEEN, "GET", "/api/v1/reports/" + companys));
        assertEquals(404, status(Role.REGULATOR, "GET", "/api/v1/reports/" + companys + "/report.csv.zip"));
        assertEquals(404, status(Role.COMPANY, "GET", "/api/v1/reports/" + plantReports.get(Role.ADMIN)));
        assertTrue(new JsonObject(call(TOKENS.get(Role.CANTEEN), "GET", "/api/v1/reports").body()).getJsonArray("reports").stream()
                .map(JsonObject.class::cast).allMatch(r -> r.getJsonObject("scope").getString("id").equals("org-school-01")),
                "a canteen lists only reports on its own organization");
    }

    static HttpResponse<String> post(Role role, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + TOKENS.get(role)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void onlyRegulatorsVerifyAndCloseAndNobodyActsOutOfScope() throws Exception {
        assertEquals(404, status(Role.CANTEEN, "POST", "/api/v1/alerts/" + plantAlert + "/ack"));
        assertEquals(403, status(Role.CANTEEN, "POST", "/api/v1/alerts/" + canteenAlert + "/verify"));
        assertEquals(403, status(Role.COMPANY, "POST", "/api/v1/alerts/" + plantAlert + "/close"));
        assertEquals(200, status(Role.CANTEEN, "POST", "/api/v1/alerts/" + canteenAlert + "/ack"));
        assertEquals(200, status(Role.CANTEEN, "POST", "/api/v1/alerts/" + canteenAlert + "/rectify"));
        assertEquals(200, status(Role.REGULATOR, "POST", "/api/v1/alerts/" + canteenAlert + "/verify"));
        JsonObject closed = new JsonObject(call(TOKENS.get(Role.REGULATOR), "POST", "/api/v1/alerts/" + canteenAlert + "/close").body());
        assertEquals("closed", closed.getString("state"));
        assertEquals(List.of("system", "canteen01", "canteen01", "inspector", "inspector"),
                closed.getJsonArray("history").stream().map(h -> ((JsonObject) h).getString("by")).toList(), "who did each step");
    }

    @Test
    void noTokenABadTokenOrABadLoginIsUnauthorized() throws Exception {
        assertEquals(401, call(null, "GET", "/api/v1/sites").statusCode());
        assertEquals(401, call("not-a-token", "GET", "/api/v1/alerts").statusCode());
        String forged = TOKENS.get(Role.CANTEEN).substring(0, TOKENS.get(Role.CANTEEN).lastIndexOf('.') + 1) + "AAAA";
        assertEquals(401, call(forged, "GET", "/api/v1/sites").statusCode());
        assertTrue(new JsonObject(call(null, "GET", "/api/v1/sites").body()).getString("detail").contains("Bearer"));
        HttpResponse<String> wrong = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"root\",\"password\":\"guess\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, wrong.statusCode());
        HttpResponse<String> bad = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":5}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode());
        assertEquals(200, call(null, "GET", "/metrics").statusCode());
        assertEquals("3.0.3", new JsonObject(call(null, "GET", "/api/v1/openapi.json").body()).getString("openapi"));
    }

    private static List<String> ids(JsonArray a) {
        return a.stream().map(o -> ((JsonObject) o).getString("id")).sorted().toList();
    }
}
