package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.dashboards.reports.ReportPeriod;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.simulator.FleetSimulator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A fresh demo replays its fleet's weeks since last week's Monday before going live, so a regulator's first report of
 * last week has figures: every day of it has judged batches, and then the devices publish live. One site (the first,
 * a disinfection plant) keeps it short.
 */
class DemoHistoryIT {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aFreshDemoHasLastWeekToReportOnAndThenGoesLive() throws Exception {
        Path dataDir = Files.createTempDirectory("kw-demo-history-");
        try (Node node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0",
                "mqtt-tls-port", "0", "mqtt-bind", "127.0.0.1", "data-dir", dataDir.toString(), "demo-sites", "1"), Map.of()), true)) {
            FleetSimulator fleet = node.fleet().orElseThrow();
            long started = System.currentTimeMillis();
            await(Duration.ofMinutes(5), fleet::live, live -> live);
            System.out.printf("DemoHistoryIT: %,d history messages of one site replayed in %.1f s%n", fleet.historyReplayed(),
                    (System.currentTimeMillis() - started) / 1000.0);
            String base = "http://127.0.0.1:" + node.httpPort();
            String token = node.tokens().issue(new Caller("test-regulator", Role.REGULATOR, "tiantai"), Duration.ofHours(1));

            JsonObject cabinet = await(Duration.ofSeconds(60), () -> device(base, token, "dsp-01-cab-1"),
                    d -> d.getLong("last_reading_ts") != null && d.getLong("last_reading_ts") > System.currentTimeMillis() - 3 * 3_600_000L);
            assertTrue(cabinet.getBoolean("online"), "the cabinet is live after its history: " + cabinet);

            JsonObject report = post(base + "/api/v1/reports", token, new JsonObject().put("scope", "region").put("id", "tiantai").put("period", "week"));
            String id = report.getString("id");
            JsonObject done = await(Duration.ofSeconds(120), () -> new JsonObject(get(base + "/api/v1/reports/" + id, token).body()),
                    r -> r.getString("state").equals("done") || r.getString("state").equals("failed"));
            assertEquals("done", done.getString("state"), done.encode());
            LocalDate monday = LocalDate.now(ReportPeriod.DEFAULT_ZONE).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(1);
            assertTrue(done.getJsonObject("period").getString("label").startsWith(monday.toString()), done.encode());

            Map<String, String> csv = unzip(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports/" + id + "/report.csv.zip"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray()).body());
            String batches = csv.get("batches.csv");
            Set<String> days = new HashSet<>();
            for (String line : batches.split("\r\n")) {
                java.util.regex.Matcher m = java.util.regex.Pattern.compile(",(\\d{4}-\\d{2}-\\d{2}) \\d{2}:\\d{2}").matcher(line);
                if (m.find()) {
                    days.add(m.group(1));
                }
            }
            assertEquals(7, days.size(), "every day of last week has batches: " + days);
            String passRate = csv.get("kpis.csv").lines().filter(l -> l.startsWith("disinfection_pass_rate,")).findFirst().orElseThrow();
            assertTrue(!passRate.contains("no data"), passRate);
            HttpResponse<byte[]> pdf = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/reports/" + id + "/report.pdf"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, pdf.statusCode());
            assertTrue(new String(pdf.body(), 0, 5, StandardCharsets.US_ASCII).equals("%PDF-"));
        }
    }

    private static JsonObject device(String base, String token, String id) throws Exception {
        return new JsonObject(get(base + "/api/v1/devices/" + id, token).body());
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject post(String url, String token, JsonObject body) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body.encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
        return new JsonObject(r.body());
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> files = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
