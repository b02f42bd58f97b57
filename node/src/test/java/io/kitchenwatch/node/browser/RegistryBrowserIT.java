package io.kitchenwatch.node.browser;

import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.node.Node;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import io.kitchenwatch.ingest.fixtures.TestDevice;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An admin adds a kitchen with its devices on the registry page of a running node, in headless Chromium: a mistake
 * is listed and nothing saved, the check passes once it is fixed, and after saving the kitchen is in its town's
 * overview and the change in the list, without a restart.
 */
class RegistryBrowserIT {
    static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anAdminAddsAKitchenFromThePageAndSeesItInTheOverview() throws Exception {
        try (Node node = Node.start(KitchenWatchConfig.resolve(Map.of("http-port", "0", "http-host", "127.0.0.1", "mqtt-port", "0",
                "mqtt-tls-port", "0", "mqtt-bind", "127.0.0.1", "data-dir", Files.createTempDirectory("kw-registry-page-").toString()),
                Map.of()), false);
             HeadlessChromium browser = new HeadlessChromium(1400, 1100)) {
            String base = "http://127.0.0.1:" + node.httpPort();
            node.users().put("test-admin", "admin-pw-1".toCharArray(), Role.ADMIN, "");
            browser.open(base + "/ui/");
            browser.until(WAIT, d -> d.getCurrentUrl().contains("/ui/login.html"));
            browser.visible("#username", WAIT).sendKeys("test-admin");
            browser.visible("#password", WAIT).sendKeys("admin-pw-1");
            browser.visible("#login-button", WAIT).click();
            browser.until(WAIT, d -> !d.getCurrentUrl().contains("login.html"));

            browser.click(".top nav a[href='/ui/registry.html']", WAIT);
            browser.until(WAIT, d -> d.getCurrentUrl().endsWith("/ui/registry.html"));
            browser.until(WAIT, d -> d.findElements(By.cssSelector("#site-region option")).size() > 1);
            browser.type("#site-id", "sch-98", WAIT);
            browser.type("#site-name", "赤城实验小学食堂", WAIT);
            new Select(browser.visible("#site-organization", WAIT)).selectByValue("org-school-01");
            new Select(browser.visible("#site-region", WAIT)).selectByValue("tiantai-chicheng");
            List<WebElement> ids = browser.all("#device-rows .device-id");
            assertEquals(3, ids.size(), "a camera, a cabinet and a bin to start from");
            ids.get(0).sendKeys("sch-98-cam-cook");
            ids.get(1).sendKeys("sch-98-cab-1");
            // the bin is left without an id: the check lists it and nothing is saved

            browser.click("#check-site", WAIT);
            String problems = browser.text("#site-result .problems", WAIT);
            assertTrue(problems.contains("A problem, nothing applied"), problems);
            // and beside the field it is about: the bin's row, its id
            WebElement binRow = browser.all("#device-rows tr").get(2);
            assertEquals("true", binRow.findElement(By.cssSelector(".device-id")).getAttribute("aria-invalid"));
            assertTrue(binRow.findElement(By.cssSelector(".field-error")).getText().contains("must match"),
                    binRow.findElement(By.cssSelector(".field-error")).getText());
            assertEquals(1, browser.all(".field-error").size(), "only the bin's id is marked");
            browser.screenshot("registry-problems");
            browser.all("#device-rows .device-id").get(2).sendKeys("sch-98-bin-1");
            browser.click("#check-site", WAIT);
            browser.until(WAIT, d -> browser.text("#site-result", WAIT).startsWith("No problems"));
            assertEquals(0, browser.all(".field-error").size(), "the marks go once it passes");
            browser.click("#save-site", WAIT);
            browser.until(WAIT, d -> browser.text("#site-result", WAIT).startsWith("Saved"));
            browser.until(WAIT, d -> browser.text("#audit", WAIT).contains("put site sch-98"));
            assertTrue(browser.text("#audit", WAIT).contains("test-admin"));
            browser.screenshot("registry-saved");

            // MQTT logins for the kitchen's devices, shown once; the broker takes them
            browser.click("#issue-logins", WAIT);
            browser.until(WAIT, d -> browser.all("#logins tr.login").size() == 3);
            WebElement camLogin = browser.all("#logins tr.login").get(0);
            List<WebElement> cells = camLogin.findElements(By.tagName("td"));
            assertEquals("sch-98-cam-cook", cells.get(0).getText());
            try (TestDevice camera = new TestDevice(node.brokerUri(), "sch-98-cam-cook", cells.get(1).getText(), cells.get(2).getText())) {
                assertTrue(camera.isConnected());
            }
            assertTrue(browser.visible("#logins-csv", WAIT).getAttribute("href").startsWith("blob:"));
            browser.screenshot("registry-logins");

            // a CSV of devices imported with a dry run: each problem names its line
            Path csv = Files.createTempDirectory("kw-csv-").resolve("devices.csv");
            Files.writeString(csv, "id,site,kind,zone,interval_s\nsch-98-sep-1,sch-98,oil_separator,,30\nsch-98-cam-2,sch-98,camera,attic,10\n");
            browser.visible("#bulk-file", WAIT).sendKeys(csv.toString());
            assertEquals("device", new Select(browser.visible("#bulk-type", WAIT)).getFirstSelectedOption().getAttribute("value"));
            browser.click("#bulk-check", WAIT);
            String csvProblems = browser.text("#bulk-result .problems", WAIT);
            assertTrue(csvProblems.contains("line 3:") && csvProblems.contains("attic"), csvProblems);

            // an organizations file saved again by a Chinese spreadsheet (GBK) imports with its names intact
            Path gbk = csv.resolveSibling("organizations.csv");
            Files.write(gbk, "id,name,kind\r\norg-gbk-1,天台县第九中学,school\r\n".getBytes(java.nio.charset.Charset.forName("GBK")));
            browser.visible("#bulk-file", WAIT).sendKeys(gbk.toString());
            assertEquals("organization", new Select(browser.visible("#bulk-type", WAIT)).getFirstSelectedOption().getAttribute("value"));
            browser.click("#bulk-apply", WAIT);
            browser.until(WAIT, d -> browser.text("#bulk-result", WAIT).startsWith("Saved"));
            String token = node.tokens().issue(new io.kitchenwatch.dashboards.auth.Caller("root", Role.ADMIN, ""), WAIT);
            String organizations = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(base + "/api/v1/registry/organizations.csv")).header("Authorization", "Bearer " + token).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(organizations.contains("org-gbk-1,天台县第九中学,school"), "the name as written: " + organizations);

            // the overview has it at once: the town's tile counts it, and it is one of the town's sites
            browser.open(base + "/ui/overview.html?region=tiantai-chicheng");
            browser.until(WAIT, d -> browser.all(".site-card[data-site='sch-98']").size() == 1);
            String card = browser.text(".site-card[data-site='sch-98']", WAIT);
            assertTrue(card.contains("赤城实验小学食堂") && card.contains("0/3"), card);
            browser.screenshot("registry-new-kitchen-in-overview");
            assertEquals(List.of(), browser.scriptErrors(), "the pages raised script errors");
        }
    }
}
