package io.kitchenwatch.node.browser;

import io.kitchenwatch.node.fixtures.NodeLogins;
import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.Node;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The dashboards in headless Chromium against a real node running the demo county (embedded HiveMQ and QuestDB, the
 * simulated fleet): a regulator sees the KPI tiles and a live alert appear without a reload, opens its site and walks
 * it through acknowledge → rectify → verify → close; a canteen sees only its own kitchen, by any URL; a disinfection
 * company sees its plant's pass rate and failing batches. Screenshots of each page go to target/screenshots.
 */
class DashboardBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static Node node;
    static String base;
    static String adminToken;
    HeadlessChromium browser;

    @BeforeAll
    static void startDemo() throws Exception {
        node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0", "mqtt-tls-port", "0",
                "mqtt-bind", "127.0.0.1", "demo-history-weeks", "0", "data-dir", Files.createTempDirectory("kw-browser-").toString()), Map.of()), true);
        base = "http://127.0.0.1:" + node.httpPort();
        adminToken = node.tokens().issue(new Caller("test-admin", Role.ADMIN, ""), Duration.ofHours(1));
        node.users().put("test-regulator", "regulator-pw-1".toCharArray(), Role.REGULATOR, "tiantai");
        node.users().put("test-canteen", "canteen-pw-1".toCharArray(), Role.CANTEEN, "org-school-01");
        node.users().put("test-company", "company-pw-1".toCharArray(), Role.COMPANY, "org-disinfect-01");
        node.users().put("test-admin-user", "admin-pw-1".toCharArray(), Role.ADMIN, "");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        browser = new HeadlessChromium(1600, 1100);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        List<String> errors = browser.scriptErrors();
        browser.close();
        assertEquals(List.of(), errors, "the pages raised script errors");
    }

    private void logIn(String user, String password) {
        browser.open(base + "/ui/");
        browser.until(WAIT, d -> d.getCurrentUrl().contains("/ui/login.html"));
        browser.visible("#username", WAIT).sendKeys(user);
        browser.visible("#password", WAIT).sendKeys(password);
        browser.visible("#login-button", WAIT).click();
        browser.until(WAIT, d -> !d.getCurrentUrl().contains("login.html"));
    }

    @Test
    void regulatorSeesKpisAndALiveAlertThenWalksItToClosed() throws Exception {
        browser.open(base + "/ui/");
        browser.until(WAIT, d -> d.getCurrentUrl().contains("/ui/login.html"));
        browser.visible("#username", WAIT).sendKeys("test-regulator");
        browser.visible("#password", WAIT).sendKeys("wrong");
        browser.visible("#login-button", WAIT).click();
        assertTrue(browser.visible("#login-error", WAIT).getText().contains("Wrong username or password"));
        browser.screenshot("login");
        browser.driver().findElement(By.id("password")).clear();
        browser.driver().findElement(By.id("password")).sendKeys("regulator-pw-1");
        browser.driver().findElement(By.id("login-button")).click();
        browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/overview.html"));

        // the plan's six KPIs, each against its target, and every site of the county
        browser.until(WAIT, d -> browser.all(".kpi").size() == 6);
        Set<String> kpis = browser.all(".kpi").stream().map(e -> e.getDomAttribute("data-kpi")).collect(Collectors.toSet());
        assertEquals(Set.of("sunshine_kitchen_coverage", "video_intact_rate", "disinfection_pass_rate", "oil_separator_monitored",
                "food_waste_disposal_rate", "closed_loop"), kpis);
        // the county one level at a time: its ten towns as tiles, 22 sites between them
        browser.until(WAIT, d -> browser.all(".group-card").size() == 10);
        assertEquals(22, browser.all(".group-card").stream().mapToInt(e -> Integer.parseInt(e.findElement(By.cssSelector(".small")).getText()
                .replaceAll("^(\\d+).*$", "$1"))).sum());
        assertTrue(browser.visible("#kpi-period", WAIT).getText().contains("天台县"));
        browser.until(WAIT, d -> "live".equals(d.findElement(By.id("live-status")).getText()));
        browser.screenshot("regulator-overview");
        // the search box finds a kitchen wherever it lies; emptied, the towns come back
        browser.type("#site-search", "天台山", WAIT);
        browser.until(WAIT, d -> browser.all(".site-card").size() == 1 && browser.all(".group-card").isEmpty());
        assertEquals("rst-01", browser.all(".site-card").get(0).getDomAttribute("data-site"));
        browser.driver().findElement(By.id("site-search")).clear();
        browser.script("document.getElementById('site-search').dispatchEvent(new Event('input'));");
        browser.until(WAIT, d -> browser.all(".group-card").size() == 10);
        // a town's tile drills down to its sites, its KPIs; the breadcrumb leads back to the county
        browser.click(".group-card[data-region='tiantai-chicheng']", WAIT);
        browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/overview.html?region=tiantai-chicheng"));
        browser.until(WAIT, d -> browser.all(".site-card").size() == 2);
        assertEquals(Set.of("rst-07", "sch-01"), Set.copyOf((List<String>) browser.script(
                "return [...document.querySelectorAll('.site-card')].map(e => e.dataset.site);")));
        browser.until(WAIT, d -> browser.text("#kpi-period", WAIT).contains("2 sites"));
        browser.screenshot("regulator-town");
        browser.click("#region-path a", WAIT);
        browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/overview.html?region=tiantai"));
        browser.until(WAIT, d -> browser.all(".group-card").size() == 10);
        browser.until(WAIT, d -> "live".equals(d.findElement(By.id("live-status")).getText()));

        // a restaurant's separator says goodbye (its Last Will, as a bridge relays it): the alert shows up on the open page
        browser.script("window.kwNoReload = 'still the same page';");
        try (TestDevice probe = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "browser-test-probe"), "test")) {
            probe.publish("kw/rst-01/rst-01-sep-1/state", "{\"online\":false}");
        }
        String alertId = await(WAIT, () -> alertOf("rst-01-sep-1", "device_offline"), id -> id != null);
        String row = browser.until(WAIT, d -> d.findElement(By.id("row-" + alertId)).getText());
        assertEquals("still the same page", browser.script("return window.kwNoReload;"), "the alert must arrive without a reload");
        assertTrue(row.contains("rst-01-sep-1"), row);
        assertTrue(row.contains("天台山大酒店"), row);

        // drill down to the site and walk the alert through the loop, a note at each step
        browser.click("#row-" + alertId + " a", WAIT);
        browser.until(WAIT, d -> d.getCurrentUrl().contains("/ui/site.html?id=rst-01"));
        browser.until(WAIT, d -> d.findElement(By.cssSelector("#site-head h1")).getText().contains("天台山大酒店"));
        String card = "#alert-" + alertId;
        browser.visible(card, WAIT);
        browser.until(WAIT, d -> !browser.all(".sensor .gauge").isEmpty());
        browser.screenshot("regulator-site-restaurant");
        String[][] steps = {{"ack", "acknowledged"}, {"rectify", "rectifying"}, {"verify", "verified"}, {"close", "closed"}};
        for (String[] step : steps) {
            browser.type(card + " input.note", "browser test: " + step[0], WAIT);
            browser.click(card + " button.act[data-action='" + step[0] + "']", WAIT);
            if (step[1].equals("closed")) {
                // a closed alert leaves the list of open ones for the closed list
                browser.until(WAIT, d -> browser.all(card).isEmpty());
                browser.until(WAIT, d -> d.findElement(By.id("closed-list")).getAttribute("textContent").contains("rst-01-sep-1"));
            } else {
                browser.until(WAIT, d -> step[1].equals(d.findElement(By.cssSelector(card)).getDomAttribute("data-state")));
                if (step[1].equals("acknowledged")) {
                    browser.screenshot("regulator-alert-acknowledged");
                }
            }
        }
        JsonObject stored = getJson("/api/v1/alerts/" + alertId).toJsonObject();
        assertEquals("closed", stored.getString("state"));
        // the separator speaking again clears the condition (a system entry); the four steps are the regulator's
        List<JsonObject> people = stored.getJsonArray("history").stream().map(JsonObject.class::cast)
                .filter(h -> !"system".equals(h.getString("by"))).toList();
        assertEquals(4, people.size(), stored.encode());
        for (int i = 0; i < people.size(); i++) {
            assertEquals("test-regulator", people.get(i).getString("by"));
            assertEquals("browser test: " + steps[i][0], people.get(i).getString("note"));
        }
    }

    @Test
    void canteenSeesOnlyItsOwnKitchen() throws Exception {
        logIn("test-canteen", "canteen-pw-1");
        // one kitchen: straight to it
        browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/site.html?id=sch-01"));
        browser.until(WAIT, d -> d.findElement(By.cssSelector("#site-head h1")).getText().contains("天台中学食堂"));
        assertEquals(4, browser.all("figure.camera").size());
        // the newest snapshots arrive as pictures (the fleet sends one per camera every 10 s)
        browser.until(Duration.ofSeconds(40), d -> browser.all("figure.camera.has-frame").size() == 4);
        browser.until(WAIT, d -> Boolean.TRUE.equals(browser.script(
                "return [...document.querySelectorAll('figure.camera img')].every(i => i.complete && i.naturalWidth > 0);")));
        assertEquals(Set.of("sch-01-cab-1", "sch-01-bin-1"), browser.all("article.sensor").stream()
                .map(e -> e.getDomAttribute("data-device")).collect(Collectors.toSet()));
        browser.until(WAIT, d -> !browser.all("article.sensor .chart canvas").isEmpty());
        // live, without a reload: the cabinet's reading moves, and a collection lands in the waste ledger
        browser.script("window.kwNoReload = 'still the same page';");
        String temperature = browser.text("#dev-sch-01-cab-1 dd[data-field='temp_c']", WAIT);
        browser.until(Duration.ofSeconds(30), d -> !temperature.equals(
                d.findElement(By.cssSelector("#dev-sch-01-cab-1 dd[data-field='temp_c']")).getText()));
        try (TestDevice collector = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "browser-test-collector"), "test")) {
            collector.publish("kw/sch-01/sch-01-bin-1/event", "{\"type\":\"collected\",\"weight_kg\":42.5,\"by\":\"collector-browser-test\"}");
        }
        browser.until(WAIT, d -> d.findElement(By.id("ledger")).getText().contains("collector-browser-test"));
        assertTrue(browser.text("#ledger", WAIT).contains("42.5 kg"));
        assertEquals("still the same page", browser.script("return window.kwNoReload;"));
        browser.screenshot("canteen-site");

        browser.open(base + "/ui/overview.html");
        browser.until(WAIT, d -> browser.all(".kpi").size() == 6);
        browser.until(WAIT, d -> browser.all(".site-card").size() == 1);
        assertEquals("sch-01", browser.all(".site-card").get(0).getDomAttribute("data-site"));
        for (String alert : browser.texts("tr.alert-row")) {
            assertTrue(alert.contains("sch-01"), alert);
        }
        browser.screenshot("canteen-overview");

        // someone else's kitchen, a restaurant, a plant: nothing, whatever the URL
        for (String other : List.of("sch-02", "rst-03", "dsp-01")) {
            browser.open(base + "/ui/site.html?id=" + other);
            assertTrue(browser.visible("#site-head .error", WAIT).getText().contains("not within your scope"));
            assertEquals(0, browser.all("figure.camera").size() + browser.all("article.sensor").size());
        }
        browser.screenshot("canteen-out-of-scope");
    }

    @Test
    void companySeesItsPlantBatchesAndFailures() throws Exception {
        // the demo's dsp-01-cab-1 runs cold: wait until the fleet has finished a failing batch there
        JsonArray batches = await(Duration.ofMinutes(4), () -> getJson("/api/v1/sites/dsp-01/batches").toJsonArray(),
                b -> b.stream().map(JsonObject.class::cast).anyMatch(x -> !x.getString("verdict").equals("compliant")));
        logIn("test-company", "company-pw-1");
        browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/company.html"));
        browser.until(WAIT, d -> browser.all(".plant-facts").size() == 1);
        assertEquals("dsp-01", browser.all(".site-card").get(0).getDomAttribute("data-site"));
        assertTrue(browser.text(".plant-facts .pass-rate", WAIT).startsWith("pass rate"));
        browser.until(WAIT, d -> !browser.all("#failing tr[data-verdict]").isEmpty());
        // what the page lists is what the API lists: every failing batch seen before the page loaded, none that is not failing
        Set<String> failingBefore = failingBatches(batches);
        Set<String> shown = Set.copyOf(browser.texts("#failing tr[data-verdict] td:nth-child(2)"));
        Set<String> failingNow = failingBatches(getJson("/api/v1/sites/dsp-01/batches").toJsonArray());
        assertTrue(shown.containsAll(failingBefore), shown + " lacks some of " + failingBefore);
        assertTrue(failingNow.containsAll(shown), shown + " lists batches that did not fail: " + failingNow);
        // a bar per day for the week, and the failing batches counted in them
        assertEquals(7, browser.all("#per-day .day").size());
        int failingInBars = ((Number) browser.script("return [...document.querySelectorAll('#per-day .day')]"
                + ".reduce((n, e) => n + Number(e.dataset.failing), 0);")).intValue();
        assertTrue(failingInBars >= failingBefore.size(), failingInBars + " failing in the bars, " + failingBefore);
        browser.screenshot("company-plants");

        browser.click(".site-card", WAIT);
        browser.until(WAIT, d -> d.getCurrentUrl().contains("site.html?id=dsp-01"));
        browser.until(WAIT, d -> !browser.all("#batches tr[data-verdict]").isEmpty());
        browser.until(WAIT, d -> !browser.all("#site-alerts article.alert-card").isEmpty());
        browser.screenshot("company-plant-site");

        // a company acknowledges and rectifies its failed batch; verifying is the regulator's, so no button for it
        String alertId = getJson("/api/v1/alerts?site=dsp-01&type=disinfection_cycle_noncompliant&state=open").toJsonArray()
                .getJsonObject(0).getString("id");
        String card = "#alert-" + alertId;
        for (String[] step : new String[][] {{"ack", "acknowledged"}, {"rectify", "rectifying"}}) {
            browser.type(card + " input.note", "company: " + step[0], WAIT);
            browser.click(card + " button.act[data-action='" + step[0] + "']", WAIT);
            browser.until(WAIT, d -> step[1].equals(d.findElement(By.cssSelector(card)).getDomAttribute("data-state")));
        }
        assertTrue(browser.text(card + " .actions", WAIT).contains("Waiting for a regulator to verify."));
        assertEquals(0, browser.all(card + " button.act").size());
        JsonObject stored = getJson("/api/v1/alerts/" + alertId).toJsonObject();
        assertEquals("rectifying", stored.getString("state"));
        assertEquals("test-company", stored.getJsonArray("history").getJsonObject(2).getString("by"));
        assertEquals("company: rectify", stored.getJsonArray("history").getJsonObject(2).getString("note"));
        browser.screenshot("company-alert-rectifying");

        browser.open(base + "/ui/site.html?id=dsp-02");
        assertTrue(browser.visible("#site-head .error", WAIT).getText().contains("not within your scope"));
    }

    @Test
    void aChineseBrowserGetsChinesePagesAndCanSwitchToEnglish() throws Exception {
        browser.close();
        browser = new HeadlessChromium(1600, 1100, "zh-CN");
        browser.open(base + "/ui/login.html");
        assertEquals("登录", browser.text("#login-button", WAIT));
        logIn("test-regulator", "regulator-pw-1");
        browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/overview.html"));
        assertEquals("总览", browser.text(".top nav a.current", WAIT));
        assertEquals("工作方案指标", browser.text("#kpi-heading span", WAIT));
        browser.until(WAIT, d -> browser.all(".group-card").size() == 10);
        browser.until(WAIT, d -> "实时".equals(d.findElement(By.id("live-status")).getText()));
        browser.until(WAIT, d -> browser.all(".kpi").size() == 6);
        browser.screenshot("regulator-overview-zh");
        browser.click("#language", WAIT);
        browser.until(WAIT, d -> "Overview".equals(d.findElement(By.cssSelector(".top nav a.current")).getText()));
        assertEquals("Plan KPIs", browser.text("#kpi-heading span", WAIT));
    }

    @Test
    void anAdminSeesOneNoticePerSiteForMadeUpDevicesAndNoAlerts() throws Exception {
        try (TestDevice gateway = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "browser-test-strangers"), "test")) {
            for (int i = 0; i < 50; i++) {
                gateway.publish("kw/ghost-town/made-up-" + i + "/state", "{\"online\":false}");
            }
        }
        await(WAIT, () -> getJson("/api/v1/unregistered-sources").toJsonObject().getJsonArray("notices").stream()
                .map(JsonObject.class::cast).anyMatch(n -> n.getString("site").equals("ghost-town") && n.getLong("messages") == 50), ok -> ok);
        logIn("test-admin-user", "admin-pw-1");
        browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/overview.html"));
        String row = browser.until(WAIT, d -> d.findElement(By.cssSelector("#unregistered tr[data-site='ghost-town']")).getText());
        assertTrue(row.contains("50"), row);
        assertTrue(getJson("/api/v1/alerts?device=made-up-7").toJsonArray().isEmpty(), "an alert for a made-up device");
        browser.screenshot("admin-unregistered-sources");
        // the notice is the admins': a regulator's page has no such panel, and the API says 403
        HttpResponse<String> asRegulator = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/unregistered-sources"))
                .header("Authorization", "Bearer " + node.tokens().issue(new Caller("r", Role.REGULATOR, "tiantai"), Duration.ofMinutes(5)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, asRegulator.statusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aWallScreenSignsInWithAnApiToken() throws Exception {
        browser.open(base + "/ui/login.html");
        browser.click("#token-login summary", WAIT);
        browser.type("#token", "not.a-token", WAIT);
        browser.click("#token-button", WAIT);
        assertTrue(browser.text("#token-error", WAIT).contains("not a KitchenWatch token"));
        // a token signed with another secret
        io.vertx.core.Vertx other = io.vertx.core.Vertx.vertx();
        String forged = io.kitchenwatch.dashboards.auth.Tokens.create(other, java.util.Optional.of("another-secret-entirely-0123456789"),
                Files.createTempDirectory("kw-forger-")).issue(new Caller("intruder", Role.ADMIN, ""), Duration.ofDays(1));
        other.close();
        browser.driver().findElement(By.id("token")).clear();
        browser.type("#token", forged, WAIT);
        browser.click("#token-button", WAIT);
        assertTrue(browser.text("#token-error", WAIT).contains("does not accept"));

        String token = node.tokens().issue(new Caller("wall-screen-1", Role.REGULATOR, "tiantai-chicheng"), Duration.ofDays(30));
        browser.driver().findElement(By.id("token")).clear();
        browser.type("#token", token, WAIT);
        browser.click("#token-button", WAIT);
        browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/overview.html"));
        assertTrue(browser.text("#who", WAIT).contains("wall-screen-1"));
        // one town: only its sites
        Set<String> expected = getJson("/api/v1/sites?region=tiantai-chicheng").toJsonArray().stream().map(JsonObject.class::cast)
                .map(x -> x.getString("id")).collect(Collectors.toSet());
        browser.until(WAIT, d -> browser.all(".site-card").size() == expected.size());
        assertEquals(expected, Set.copyOf((List<String>) browser.script("return [...document.querySelectorAll('.site-card')].map(e => e.dataset.site);")));
        browser.until(WAIT, d -> browser.all(".kpi").size() == 6);
        browser.screenshot("wall-screen-town");
    }

    @Test
    void pagesAndTheChartLibraryComeFromTheJarWithASecurityPolicy() throws Exception {
        HttpResponse<String> root = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, root.statusCode());
        assertEquals("/ui/", root.headers().firstValue("Location").orElse(""));
        HttpResponse<String> index = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, index.statusCode());
        assertTrue(index.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
        assertEquals("DENY", index.headers().firstValue("X-Frame-Options").orElse(""));
        HttpResponse<String> chart = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, chart.statusCode());
        assertTrue(chart.headers().firstValue("Content-Type").orElse("").contains("javascript"));
        assertTrue(chart.body().contains("uPlot"));
        HttpResponse<String> missing = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/ui/no-such-page.html")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(404, missing.statusCode());
    }

    private static Set<String> failingBatches(JsonArray batches) {
        return batches.stream().map(JsonObject.class::cast).filter(x -> !x.getString("verdict").equals("compliant"))
                .map(x -> x.getString("batch")).collect(Collectors.toSet());
    }

    private String alertOf(String device, String type) throws Exception {
        return getJson("/api/v1/alerts?device=" + device).toJsonArray().stream().map(JsonObject.class::cast)
                .filter(a -> a.getString("type").equals(type)).map(a -> a.getString("id")).findFirst().orElse(null);
    }

    private io.vertx.core.buffer.Buffer getJson(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + adminToken).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return io.vertx.core.buffer.Buffer.buffer(r.body());
    }
}
