package io.kitchenwatch.node.browser;

import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.node.Node;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.nio.file.Files;
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
            assertTrue(problems.contains("problems, nothing applied"), problems);
            browser.screenshot("registry-problems");
            browser.all("#device-rows .device-id").get(2).sendKeys("sch-98-bin-1");
            browser.click("#check-site", WAIT);
            browser.until(WAIT, d -> browser.text("#site-result", WAIT).startsWith("No problems"));
            browser.click("#save-site", WAIT);
            browser.until(WAIT, d -> browser.text("#site-result", WAIT).startsWith("Saved"));
            browser.until(WAIT, d -> browser.text("#audit", WAIT).contains("put site sch-98"));
            assertTrue(browser.text("#audit", WAIT).contains("test-admin"));
            browser.screenshot("registry-saved");

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
