package io.kitchenwatch.node.browser;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.ingest.fixtures.FreePort;
import io.kitchenwatch.ingest.fixtures.TestDevice;
import io.kitchenwatch.ingest.store.EmbeddedQuestDb;
import io.kitchenwatch.ingest.store.QuestDbLogin;
import io.kitchenwatch.node.Node;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.fixtures.NodeLogins;
import io.kitchenwatch.node.fixtures.SteamBatch;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.kitchenwatch.ingest.fixtures.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Certificates and reports as their users meet them, in headless Chromium against a real node (embedded HiveMQ and
 * QuestDB): a plant's cabinet runs a compliant batch for a school canteen over MQTT, with its line camera sending
 * frames; the canteen logs in, opens the batch's certificate, and the QR code read from the rendered page (ZXing on
 * a screenshot) opens the public page, which says "verified". One of the batch's readings is then changed in QuestDB
 * directly, and the same page says "not verified". A regulator builds this week's county report on the Reports page,
 * watching its progress, and its PDF and CSV carry the batch.
 */
class CertificateBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final String CABINET = "dsp-01-cab-2";
    static final String CAMERA = "dsp-01-cam-line-1";
    static Node node;
    static Path dataDir;
    static int questDbPort;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("kw-certificates-browser-");
        questDbPort = FreePort.pick();
        node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0",
                "mqtt-tls-port", "-1", "questdb-http-port", String.valueOf(questDbPort), "data-dir", dataDir.toString()), Map.of()), false);
        base = "http://127.0.0.1:" + node.httpPort();
        node.users().put("test-canteen", "canteen-pw-1".toCharArray(), Role.CANTEEN, "org-school-01");
        node.users().put("test-regulator", "regulator-pw-1".toCharArray(), Role.REGULATOR, "tiantai");
    }

    @AfterAll
    static void stop() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aCanteenScansItsBatchCertificateAndATamperedRecordStopsVerifying() throws Exception {
        long now = System.currentTimeMillis();
        long start = now - 900_000;
        byte[] jpeg = Files.readAllBytes(Path.of(getClass().getResource("/line-frame.jpg").toURI()));
        try (TestDevice plant = new TestDevice(node.brokerUri(), NodeLogins.bridge(node, "certificate-test-plant"), "test")) {
            new SteamBatch("dsp-01", CABINET, "B-cert-1", "sch-01", start, 0).publish(plant, CAMERA, jpeg);
        }
        String canteen = login("test-canteen", "canteen-pw-1");
        JsonObject listed = await(WAIT, () -> first(get(canteen, "/api/v1/certificates")), c -> c != null);
        if (listed == null) {
            String regulator = login("test-regulator", "regulator-pw-1");
            throw new AssertionError("no certificate for the canteen; the plant's batches: " + get(regulator, "/api/v1/sites/dsp-01/batches")
                    + ", its certificates: " + get(regulator, "/api/v1/certificates?site=dsp-01"));
        }
        String id = listed.getString("id");
        assertEquals("sch-01", listed.getString("deliver_to"));
        JsonObject certificate = new JsonObject(get(canteen, "/api/v1/certificates/" + id));
        assertEquals(3, certificate.getJsonObject("evidence").getJsonArray("frames").size(), certificate.encodePrettily());
        assertEquals(SteamBatch.READINGS, certificate.getJsonObject("evidence").getJsonArray("curve").size());
        assertTrue(certificate.getJsonObject("verification").getBoolean("verified"));

        try (HeadlessChromium browser = new HeadlessChromium(1280, 1000)) {
            logIn(browser, "test-canteen", "canteen-pw-1");
            browser.open(base + "/ui/certificates.html");
            try {
                browser.click("tr[data-certificate='" + id + "'] a", WAIT);
            } catch (RuntimeException e) {
                browser.screenshot("certificates-failed");
                throw new AssertionError("the certificates page shows no " + id + ": " + browser.script("return document.body.innerText")
                        + " " + browser.scriptErrors(), e);
            }
            browser.until(WAIT, d -> d.getCurrentUrl().contains("/ui/certificate.html?id=" + id));
            assertTrue(browser.text("#verification", WAIT).contains("verified"));
            WebElement qr = browser.visible("#qr", WAIT);
            browser.until(WAIT, d -> (Boolean) browser.script("return arguments[0].complete && arguments[0].naturalWidth > 0", qr));
            browser.screenshot("certificate");
            String url = decodeQr(browser, qr);
            assertEquals(base + "/verify/" + id, url, "the QR code links to the certificate's public page");

            browser.open(url);
            assertTrue(browser.text("#status", WAIT).contains("已验证 verified"), browser.text("#status", WAIT));
            assertEquals(3, browser.all(".frames img").size());
            browser.screenshot("certificate-verified");

            // someone with access to the store lowers one reading of the hold
            long tamperedTs = start + 600_000;
            questDb("UPDATE telemetry SET temp_c = 99.5 WHERE device = '" + CABINET + "' AND ts = '" + Instant.ofEpochMilli(tamperedTs) + "'");
            browser.until(WAIT, d -> {
                browser.open(url);
                return browser.text("#status", WAIT).contains("not verified");
            });
            assertTrue(browser.text("#problems", WAIT).contains("99.5"), browser.text("#problems", WAIT));
            browser.screenshot("certificate-not-verified");
            assertTrue(browser.scriptErrors().isEmpty(), browser.scriptErrors().toString());
        }
    }

    @Test
    void aRegulatorBuildsThisWeeksCountyReportAndDownloadsIt() throws Exception {
        try (HeadlessChromium browser = new HeadlessChromium(1280, 900)) {
            logIn(browser, "test-regulator", "regulator-pw-1");
            browser.open(base + "/ui/reports.html");
            browser.until(WAIT, d -> browser.all("#scope option").size() > 1);
            browser.script("document.querySelector('#period').value = 'this-week';");
            browser.click("#build", WAIT);
            browser.visible(".report-progress", WAIT);
            browser.visible(".report-progress[data-state='done'] button[data-file='report.pdf']", Duration.ofSeconds(120));
            browser.until(WAIT, d -> browser.all("#reports tr[data-report]").size() >= 1);
            browser.screenshot("reports");
            assertTrue(browser.scriptErrors().isEmpty(), browser.scriptErrors().toString());
        }
        String regulator = login("test-regulator", "regulator-pw-1");
        JsonObject report = new JsonObject(get(regulator, "/api/v1/reports")).getJsonArray("reports").stream()
                .map(JsonObject.class::cast).filter(r -> !r.getBoolean("scheduled")).findFirst().orElseThrow();
        assertEquals("tiantai", report.getJsonObject("scope").getString("id"));
        assertEquals("done", report.getString("state"));
        byte[] pdf = bytes(regulator, report.getJsonObject("files").getString("pdf"));
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s", "");
            assertTrue(text.contains("天台县(tiantai)") && text.contains("食品安全监管报告"), text);
        }
        Map<String, String> csv = unzip(bytes(regulator, report.getJsonObject("files").getString("csv")));
        assertTrue(csv.get("kpis.csv").contains("disinfection_pass_rate"), csv.get("kpis.csv"));
    }

    private static String decodeQr(HeadlessChromium browser, WebElement qr) throws Exception {
        BufferedImage page = ImageIO.read(new ByteArrayInputStream(((TakesScreenshot) browser.driver()).getScreenshotAs(OutputType.BYTES)));
        Rectangle r = qr.getRect();
        BufferedImage code = page.getSubimage(r.getX(), r.getY(), r.getWidth(), r.getHeight());
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(code)))).getText();
    }

    private static void logIn(HeadlessChromium browser, String user, String password) {
        browser.open(base + "/ui/login.html");
        browser.type("#username", user, WAIT);
        browser.type("#password", password, WAIT);
        browser.click("#login-button", WAIT);
        // the start page sends each role on to its first screen: wait until it has, or it would leave the next page
        browser.until(WAIT, d -> d.getCurrentUrl().matches(".*/ui/(overview|site|company)\\.html.*"));
    }

    private static JsonObject first(String body) {
        JsonArray list = new JsonObject(body).getJsonArray("certificates");
        return list.isEmpty() ? null : list.getJsonObject(0);
    }

    private static String login(String user, String password) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/login"))
                .POST(HttpRequest.BodyPublishers.ofString(new JsonObject().put("username", user).put("password", password).encode())).build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body()).getString("token");
    }

    private static String get(String token, String path) throws Exception {
        return new String(bytes(token, path), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String token, String path) throws Exception {
        HttpResponse<byte[]> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, r.statusCode(), path + ": " + new String(r.body(), StandardCharsets.UTF_8));
        return r.body();
    }

    private static void questDb(String sql) throws Exception {
        QuestDbLogin login = new QuestDbLogin("admin", Files.readString(EmbeddedQuestDb.passwordFile(dataDir.resolve("questdb"))).trim());
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + questDbPort + "/exec?query="
                + URLEncoder.encode(sql, StandardCharsets.UTF_8))).header("Authorization", login.authorizationHeader()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(!r.body().contains("\"error\""), sql + ": " + r.body());
    }

    private static Map<String, String> unzip(byte[] zip) throws Exception {
        Map<String, String> files = new java.util.HashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip), StandardCharsets.UTF_8)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
