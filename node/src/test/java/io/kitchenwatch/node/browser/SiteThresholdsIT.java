package io.kitchenwatch.node.browser;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.node.Node;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The limits a site's page draws are that site's rules from the API (the county's and the site's own overrides in the
 * registry), not numbers of the page.
 */
class SiteThresholdsIT {
    static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSitesOverriddenLimitsReachItsApiAndItsPage() throws Exception {
        Path dataDir = Files.createTempDirectory("kw-thresholds-");
        Path registry = dataDir.resolve("registry.json");
        Files.writeString(registry, demoCountyWith(Map.of("hot_air_min_c", 125), "rst-01", Map.of("grease_alarm_pct", 30)).encodePrettily());
        try (Node node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0",
                "mqtt-tls-port", "0", "mqtt-bind", "127.0.0.1", "data-dir", dataDir.resolve("data").toString(),
                "registry", registry.toString(), "demo-history-weeks", "0"), Map.of()), true)) {
            String base = "http://127.0.0.1:" + node.httpPort();
            String token = node.tokens().issue(new Caller("test-admin", Role.ADMIN, ""), Duration.ofHours(1));
            HttpResponse<String> site = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/v1/sites/rst-01"))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, site.statusCode(), site.body());
            JsonObject thresholds = new JsonObject(site.body()).getJsonObject("thresholds");
            assertEquals(30.0, thresholds.getDouble("grease_alarm_pct"), "the site's own override");
            assertEquals(125.0, thresholds.getDouble("hot_air_min_c"), "the county's override");
            assertEquals(20.0, thresholds.getDouble("grease_warning_pct"), "the rules' default");

            node.users().put("test-regulator", "regulator-pw-1".toCharArray(), Role.REGULATOR, "tiantai");
            try (HeadlessChromium browser = new HeadlessChromium(1400, 1000)) {
                browser.open(base + "/ui/");
                browser.until(WAIT, d -> d.getCurrentUrl().contains("/ui/login.html"));
                browser.visible("#username", WAIT).sendKeys("test-regulator");
                browser.visible("#password", WAIT).sendKeys("regulator-pw-1");
                browser.visible("#login-button", WAIT).click();
                browser.until(WAIT, d -> !d.getCurrentUrl().contains("login.html"));
                browser.open(base + "/ui/site.html?id=rst-01");
                String caption = browser.until(WAIT, d -> {
                    List<String> texts = browser.texts(".gauge-holder .muted");
                    return texts.isEmpty() || texts.get(0).isBlank() ? null : texts.get(0);
                });
                browser.screenshot("site-thresholds");
                assertTrue(caption.contains("30") && caption.contains("20"), "the gauge names the site's limits: " + caption);
                assertEquals(List.of(), browser.scriptErrors(), "the page raised script errors");
            }
        }
    }

    /** The demo county with rule overrides on its county region and on one site. */
    private static JsonObject demoCountyWith(Map<String, Number> countyRules, String site, Map<String, Number> siteRules) throws Exception {
        JsonObject county;
        try (InputStream in = RegistryLoader.class.getResourceAsStream("/registry/tiantai-demo.json")) {
            county = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonArray regions = county.getJsonArray("regions");
        for (int i = 0; i < regions.size(); i++) {
            if (regions.getJsonObject(i).getString("id").equals("tiantai")) {
                regions.getJsonObject(i).put("rules", new JsonObject(Map.copyOf(countyRules)));
            }
        }
        JsonArray sites = county.getJsonArray("sites");
        for (int i = 0; i < sites.size(); i++) {
            if (sites.getJsonObject(i).getString("id").equals(site)) {
                sites.getJsonObject(i).put("rules", new JsonObject(Map.copyOf(siteRules)));
            }
        }
        return county;
    }
}
