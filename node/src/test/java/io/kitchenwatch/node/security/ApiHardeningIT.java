package io.kitchenwatch.node.security;

import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.fixtures.NodeLogins;
import io.kitchenwatch.node.Node;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.Map;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The HTTP findings of the security review, tried from outside against a running node. */
class ApiHardeningIT {
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static final String SECRET = "a-test-secret-that-is-long-enough-for-hs256-0123456789";
    static Path dataDir;
    static Node node;
    static String base;
    static String admin;
    static String alertId;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("kw-hardening-");
        node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0",
                "jwt-secret", SECRET, "data-dir", dataDir.toString()), Map.of()), false);
        base = "http://127.0.0.1:" + node.httpPort();
        node.users().put("root", "admin-pw".toCharArray(), Role.ADMIN, "");
        node.users().put("inspector", "regulator-pw".toCharArray(), Role.REGULATOR, "tiantai");
        admin = new JsonObject(post("/api/v1/login", "{\"username\":\"root\",\"password\":\"admin-pw\"}", null, "application/json").body())
                .getString("token");
        try (TestDevice d = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "hardening"), "test")) {
            d.publish("kw/sch-01/sch-01-cab-1/telemetry", "{\"values\":{\"temp_c\":80.5}}");
            d.publish("kw/sch-01/sch-01-cab-1/state", "{\"online\":false}");
        }
        JsonArray alerts = await(Duration.ofSeconds(20), () -> new JsonArray(get("/api/v1/alerts", admin).body()), a -> a.size() == 1);
        alertId = alerts.getJsonObject(0).getString("id");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void listsComeInPagesWithTheirTotalAndALinkToTheNext() throws Exception {
        int registered = io.kitchenwatch.devices.registry.RegistryLoader.sample().devices().size();
        HttpResponse<String> first = get("/api/v1/devices?limit=10", admin);
        assertEquals(200, first.statusCode(), first.body());
        assertEquals(10, new JsonArray(first.body()).size());
        assertEquals(String.valueOf(registered), first.headers().firstValue("X-Total-Count").orElseThrow());
        String next = first.headers().firstValue("Link").orElseThrow();
        assertTrue(next.matches("</api/v1/devices\\?limit=10&offset=10>; rel=\"next\""), next);
        Set<String> seen = new HashSet<>();
        String page = "/api/v1/devices?limit=10";
        for (int pages = 0; page != null; pages++) {
            HttpResponse<String> r = get(page, admin);
            new JsonArray(r.body()).forEach(d -> assertTrue(seen.add(((JsonObject) d).getString("id")), "a device on two pages: " + d));
            page = r.headers().firstValue("Link").map(l -> l.substring(1, l.indexOf('>'))).orElse(null);
            assertTrue(pages < 100, "the pages end");
        }
        assertEquals(registered, seen.size(), "every device once over all pages");
        HttpResponse<String> inspector = get("/api/v1/devices?limit=1&offset=0", login("inspector", "regulator-pw"));
        assertEquals(String.valueOf(registered), inspector.headers().firstValue("X-Total-Count").orElseThrow(), "the county's regulator sees them all");
        HttpResponse<String> alerts = get("/api/v1/alerts?limit=1", admin);
        assertEquals("1", alerts.headers().firstValue("X-Total-Count").orElseThrow());
        assertTrue(alerts.headers().firstValue("Link").isEmpty(), "no page after the last");
        for (String bad : new String[] {"limit=0", "limit=10001", "limit=abc", "offset=-1", "offset=1e3"}) {
            HttpResponse<String> r = get("/api/v1/devices?" + bad, admin);
            assertEquals(400, r.statusCode(), bad + ": " + r.body());
            assertEquals(400, get("/api/v1/alerts?" + bad, admin).statusCode(), bad);
        }
    }

    private static String login(String user, String password) throws Exception {
        return new JsonObject(post("/api/v1/login", "{\"username\":\"" + user + "\",\"password\":\"" + password + "\"}", null,
                "application/json").body()).getString("token");
    }

    @Test
    void everyNumericParameterIsRangeCheckedAndNoErrorShowsInternals() throws Exception {
        String series = "/api/v1/devices/sch-01-cab-1/series?field=temp_c&step=";
        for (String step : new String[] {"9223372036854775807", "9223372036854775s", "106751991167301d", "0", "-5m", "401d", "1e3"}) {
            HttpResponse<String> r = get(series + step, admin);
            assertEquals(400, r.statusCode(), step + ": " + r.body());
            assertTrue(r.body().contains("step"), r.body());
        }
        assertEquals(200, get(series + "5m", admin).statusCode());
        for (String field : new String[] {"site", "device", "kind", "seq", "ts"}) {
            HttpResponse<String> r = get("/api/v1/devices/sch-01-cab-1/series?field=" + field, admin);
            assertEquals(400, r.statusCode(), field + ": " + r.body());
            assertFalse(r.body().contains("SELECT") || r.body().contains("QuestDB"), r.body());
        }
        HttpResponse<String> never = get("/api/v1/devices/sch-01-cab-1/series?field=never_sent", admin);
        assertEquals(200, never.statusCode(), never.body());
        assertEquals("[]", never.body().replace(" ", ""));
        HttpResponse<String> time = get("/api/v1/devices/sch-01-cab-1/series?field=temp_c&from=999999999999999", admin);
        assertEquals(400, time.statusCode(), time.body());
        HttpResponse<String> farOff = get("/api/v1/alerts?from=%2B999999999-12-31T23:59:59Z", admin);
        assertEquals(400, farOff.statusCode(), farOff.body());
    }

    @Test
    void aTooLongNoteIsA400WhateverItsContentTypeAndACurlStyleNoteWorks() throws Exception {
        String longNote = "x".repeat(2_001);
        HttpResponse<String> form = post("/api/v1/alerts/" + alertId + "/ack", "note=" + longNote, admin,
                "application/x-www-form-urlencoded");
        assertEquals(400, form.statusCode(), form.body());
        HttpResponse<String> json = post("/api/v1/alerts/" + alertId + "/ack", new JsonObject().put("note", longNote).encode(), admin,
                "application/json");
        assertEquals(400, json.statusCode(), json.body());
        HttpResponse<String> huge = post("/api/v1/alerts/" + alertId + "/ack", "note=" + "y".repeat(40_000), admin,
                "application/x-www-form-urlencoded");
        assertTrue(huge.statusCode() == 400 || huge.statusCode() == 413, huge.statusCode() + " " + huge.body());
        // a multipart body is refused before it is read, and nothing of it lands on the node's disk
        String boundary = "kw-boundary";
        String multipart = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x.bin\"\r\n\r\n"
                + "z".repeat(10_000) + "\r\n--" + boundary + "--\r\n";
        for (String path : new String[] {"/api/v1/alerts/" + alertId + "/ack", "/api/v1/login"}) {
            HttpResponse<String> upload = post(path, multipart, path.contains("login") ? null : admin,
                    "multipart/form-data; boundary=" + boundary);
            assertEquals(415, upload.statusCode(), upload.body());
        }
        assertFalse(Files.exists(Path.of("file-uploads")), "an upload was written to the node's working folder");
        // what `curl -d '{"note":"..."}'` sends: JSON labelled as a form, longer than Vert.x buffers of a form by default
        HttpResponse<String> curl = post("/api/v1/alerts/" + alertId + "/ack", new JsonObject().put("note", "z".repeat(1_900)).encode(),
                admin, "application/x-www-form-urlencoded");
        assertEquals(200, curl.statusCode(), curl.body());
    }

    @Test
    void repeatedWrongPasswordsGetA429WithRetryAfterWhileOthersStillLogIn() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals(401, post("/api/v1/login", "{\"username\":\"inspector\",\"password\":\"guess-" + i + "\"}", null,
                    "application/json").statusCode());
        }
        HttpResponse<String> blocked = post("/api/v1/login", "{\"username\":\"inspector\",\"password\":\"regulator-pw\"}", null,
                "application/json");
        assertEquals(429, blocked.statusCode(), blocked.body());
        assertTrue(Long.parseLong(blocked.headers().firstValue("Retry-After").orElseThrow()) > 0);
        assertEquals(200, post("/api/v1/login", "{\"username\":\"root\",\"password\":\"admin-pw\"}", null, "application/json").statusCode());
        String metrics = get("/metrics", null).body();
        assertTrue(metrics.contains("kw_api_login_failures_total{reason=\"throttled\"} 1.0"), "no throttle metric");
        assertTrue(metrics.contains("kw_api_login_failures_total{reason=\"wrong_password\"} 5.0"), "no failure metric");
    }

    @Test
    void aBrokenHostHeaderGetsA400AtOnceOnEveryRoute() throws Exception {
        for (String host : java.util.List.of("ev%il", "evil%2fx", "a b", "evil.example:99999", "user@evil.example", "ev\"il", "evil<b>x")) {
            for (String path : java.util.List.of("/health", "/verify/c-0-aaaaaaaaaaaa", "/api/v1/reports")) {
                String answer = raw("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 400") && answer.contains("invalid Host header"), host + " " + path + ": " + answer);
            }
        }
        assertTrue(raw("GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n\r\n").startsWith("HTTP/1.1 "),
                "a plain host still gets its answer");
        assertTrue(raw("GET /health HTTP/1.0\r\n\r\n").startsWith("HTTP/1.0 400"), "no Host at all is a 400 too");
    }

    /** Sends a request as written and reads the whole answer; the node must answer within 5 s. */
    private static String raw(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", node.httpPort())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void aTokenWithoutExpiryIsRefused() throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
            String forever = jwt.generateToken(new JsonObject().put("sub", "root").put("role", "admin").put("scope", ""), new JWTOptions());
            HttpResponse<String> r = get("/api/v1/sites", forever);
            assertEquals(401, r.statusCode(), r.body());
            assertTrue(r.body().contains("expiry"), r.body());
            String expiring = jwt.generateToken(new JsonObject().put("sub", "root").put("role", "admin").put("scope", ""),
                    new JWTOptions().setExpiresInSeconds(60));
            assertEquals(200, get("/api/v1/sites", expiring).statusCode());
        } finally {
            vertx.close().await();
        }
    }

    @Test
    void secretFilesAreReadableByTheOwnerOnly() throws Exception {
        node.mqttCredentials().issue("perm-check", io.kitchenwatch.devices.identity.CredentialKind.OBSERVER);
        for (String file : new String[] {"users.json", "mqtt-credentials.json"}) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir.resolve(file))), file);
        }
    }

    @Test
    void aFirstStartThatFailsLeavesNoLoginsNobodySaw() throws Exception {
        Path fresh = Files.createTempDirectory("kw-failed-start-");
        try (ServerSocket taken = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            assertThrows(Exception.class, () -> Node.start(KitchenWatchConfig.resolve(Map.of("http-port", String.valueOf(taken.getLocalPort()),
                    "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0", "demo-history-weeks", "0", "data-dir", fresh.toString()), Map.of()), true));
        }
        assertFalse(Files.exists(fresh.resolve("users.json")) && Files.size(fresh.resolve("users.json")) > 2,
                "the failed start made logins it never showed");
        try (Node second = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0",
                "data-dir", fresh.toString(), "demo-sites", "1", "demo-history-weeks", "0"), Map.of()), true)) {
            assertEquals(4, second.firstLogins().size(), "the next start shows the logins it makes");
        }
    }

    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String token, String contentType) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
