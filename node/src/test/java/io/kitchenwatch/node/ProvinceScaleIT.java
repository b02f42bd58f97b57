package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.devices.registry.ProvinceRegistry;
import io.kitchenwatch.node.browser.HeadlessChromium;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A generated province (100 counties, 20,000 school canteens, 100,000 devices; written at test time, not checked in)
 * on one node with no traffic: what each request returns is checked, and how long the start and each request took is
 * printed (the median of a few tries), not asserted. docs/performance.md keeps the figures.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProvinceScaleIT {
    static final int COUNTIES = 100;
    static final int SITES_PER_COUNTY = 200;
    static final int DEVICES = COUNTIES * SITES_PER_COUNTY * ProvinceRegistry.DEVICES_PER_SITE;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final List<String> figures = new ArrayList<>();
    private Node node;
    private String base;
    private String admin;

    @BeforeAll
    void start() throws Exception {
        Path dir = Files.createTempDirectory("kw-province-");
        Path registry = dir.resolve("province.json");
        Files.writeString(registry, ProvinceRegistry.json(COUNTIES, SITES_PER_COUNTY));
        long t0 = System.nanoTime();
        node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0",
                "mqtt-tls-port", "0", "mqtt-bind", "127.0.0.1", "data-dir", dir.resolve("data").toString(),
                "registry", registry.toString()), Map.of()), false);
        figures.add(String.format(Locale.ROOT, "start with %,d devices: %.1f s", COUNTIES * SITES_PER_COUNTY * ProvinceRegistry.DEVICES_PER_SITE,
                (System.nanoTime() - t0) / 1e9));
        base = "http://127.0.0.1:" + node.httpPort();
        admin = token(new Caller("test-admin", Role.ADMIN, ""));
    }

    @AfterAll
    void stop() {
        figures.forEach(f -> System.out.println("ProvinceScaleIT: " + f));
        if (node != null) {
            node.close();
        }
    }

    private String token(Caller caller) {
        return node.tokens().issue(caller, Duration.ofHours(1));
    }

    /** The answer of the last of {@code tries} requests; the median time of them goes to the figures. */
    private HttpResponse<String> timed(String what, String path, String token, int tries) throws Exception {
        List<Double> ms = new ArrayList<>();
        HttpResponse<String> last = null;
        for (int i = 0; i < tries; i++) {
            long t0 = System.nanoTime();
            last = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
            ms.add((System.nanoTime() - t0) / 1e6);
            assertEquals(200, last.statusCode(), path + ": " + last.body());
        }
        ms.sort(Double::compare);
        figures.add(String.format(Locale.ROOT, "%s (%s): median %.0f ms of %d, %,d bytes", what, path, ms.get(ms.size() / 2), tries,
                last.body().length()));
        return last;
    }

    @Test
    void aCountysSitesComeFromTheIndexes() throws Exception {
        JsonArray sites = new JsonArray(timed("a county's sites", "/api/v1/sites?region=prov-c042", admin, 7).body());
        assertEquals(SITES_PER_COUNTY, sites.size());
        assertEquals(5, sites.getJsonObject(0).getInteger("devices"));
        String regulator = token(new Caller("county-regulator", Role.REGULATOR, "prov-c042"));
        assertEquals(SITES_PER_COUNTY, new JsonArray(timed("a county regulator's sites", "/api/v1/sites", regulator, 7).body()).size());
        String canteen = token(new Caller("canteen", Role.CANTEEN, "org-c042-s0007"));
        JsonArray own = new JsonArray(timed("a canteen's sites", "/api/v1/sites", canteen, 7).body());
        assertEquals(List.of("c042-s0007"), own.stream().map(s -> ((JsonObject) s).getString("id")).toList());
    }

    @Test
    void theProvinceOverviewIsItsCountiesAsTilesAndASearchFindsAKitchen() throws Exception {
        JsonObject province = new JsonObject(timed("the province's overview", "/api/v1/overview?region=prov", admin, 5).body());
        assertEquals(COUNTIES, province.getJsonArray("groups").size());
        assertEquals(COUNTIES * SITES_PER_COUNTY, province.getJsonObject("totals").getInteger("sites"));
        assertEquals("down", province.getJsonArray("groups").getJsonObject(0).getString("worst"), "no device has sent anything");
        assertEquals(0, province.getJsonArray("sites").size());
        JsonObject county = new JsonObject(timed("a county's overview", "/api/v1/overview?region=prov-c042", admin, 5).body());
        assertEquals(SITES_PER_COUNTY, county.getJsonArray("sites").size());
        JsonArray found = new JsonArray(timed("a site search", "/api/v1/sites?q=c042-s0007", admin, 5).body());
        assertEquals(List.of("c042-s0007"), found.stream().map(x -> ((JsonObject) x).getString("id")).toList());
    }

    @Test
    void theProvincesKpisAnswerFromGroupedQueries() throws Exception {
        JsonObject province = new JsonObject(timed("the province's KPIs", "/api/v1/kpis", admin, 5).body());
        assertEquals(COUNTIES * SITES_PER_COUNTY, province.getInteger("sites"));
        JsonObject county = new JsonObject(timed("a county's KPIs", "/api/v1/kpis?region=prov-c042", admin, 5).body());
        assertEquals(SITES_PER_COUNTY, county.getInteger("sites"));
    }

    @Test
    void devicesAndAlertsComeInPages() throws Exception {
        int devices = COUNTIES * SITES_PER_COUNTY * ProvinceRegistry.DEVICES_PER_SITE;
        HttpResponse<String> middle = timed("a page of devices", "/api/v1/devices?limit=1000&offset=50000", admin, 7);
        assertEquals(1000, new JsonArray(middle.body()).size());
        assertEquals(String.valueOf(devices), middle.headers().firstValue("X-Total-Count").orElseThrow());
        assertEquals("c051-s0001-bin-1", new JsonArray(middle.body()).getJsonObject(0).getString("id"), "by site, then id");
        String regulator = token(new Caller("county-regulator", Role.REGULATOR, "prov-c042"));
        HttpResponse<String> county = timed("a county regulator's page of devices", "/api/v1/devices?limit=100", regulator, 7);
        assertEquals(String.valueOf(SITES_PER_COUNTY * ProvinceRegistry.DEVICES_PER_SITE), county.headers().firstValue("X-Total-Count").orElseThrow());
        HttpResponse<String> alerts = timed("a page of alerts", "/api/v1/alerts?limit=100", admin, 7);
        assertEquals("0", alerts.headers().firstValue("X-Total-Count").orElseThrow(), "no traffic, no alerts");
    }

    @Test
    void theProvincesDevicesGoOutAsACsvAndComeBackAsADryRun() throws Exception {
        HttpResponse<String> export = timed("the province's devices as CSV", "/api/v1/registry/devices.csv", admin, 3);
        assertEquals(DEVICES + 1, export.body().split("\r\n").length, "a header and a row per device");
        long t0 = System.nanoTime();
        HttpResponse<String> dry = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/registry/import?type=device&dry_run=true"))
                .header("Authorization", "Bearer " + admin).header("Content-Type", "text/csv").timeout(Duration.ofMinutes(5))
                .POST(HttpRequest.BodyPublishers.ofString(export.body())).build(), HttpResponse.BodyHandlers.ofString());
        double ms = (System.nanoTime() - t0) / 1e6;
        assertEquals(200, dry.statusCode(), dry.body());
        assertEquals(DEVICES, new JsonObject(dry.body()).getJsonObject("registry").getInteger("devices"));
        figures.add(String.format(Locale.ROOT, "a dry run of those %,d rows (POST /api/v1/registry/import?type=device&dry_run=true): %.0f ms, once",
                DEVICES, ms));
    }

    @Test
    void theProvincesWallScreenDrawsItsCountiesAndDrillsDownInABrowser() throws Exception {
        node.users().put("province-admin", "province-pw-1".toCharArray(), Role.ADMIN, "");
        try (HeadlessChromium browser = new HeadlessChromium(1600, 1000)) {
            Duration wait = Duration.ofSeconds(60);
            browser.open(base + "/ui/login.html");
            browser.visible("#username", wait).sendKeys("province-admin");
            browser.visible("#password", wait).sendKeys("province-pw-1");
            long t0 = System.nanoTime();
            browser.visible("#login-button", wait).click();
            browser.until(wait, d -> browser.all(".group-card").size() == COUNTIES);
            double drawn = (System.nanoTime() - t0) / 1e6;
            browser.screenshot("province-overview");
            t0 = System.nanoTime();
            browser.click(".group-card[data-region='prov-c042']", wait);
            browser.until(wait, d -> browser.all(".site-card").size() == SITES_PER_COUNTY && browser.all(".group-card").isEmpty());
            double county = (System.nanoTime() - t0) / 1e6;
            assertTrue(browser.text("#region-path", wait).contains("第42县"), browser.text("#region-path", wait));
            browser.screenshot("province-county");
            assertEquals(List.of(), browser.scriptErrors(), "the page raised script errors");
            figures.add(String.format(Locale.ROOT, "Chromium: logged in to the province's %d county tiles in %.0f ms, a county's %d site cards in %.0f ms",
                    COUNTIES, drawn, SITES_PER_COUNTY, county));
        }
    }
}
