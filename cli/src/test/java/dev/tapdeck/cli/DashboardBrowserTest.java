package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboards in a real headless Chromium (Debian's chromium and chromium-driver, driven by Selenium): a real
 * pywinrm session through the proxy appears live in the sessions list, its timeline shows the decoded Send with
 * its stdin and the rule occurrence the session provoked, and the audit page has its command. Screenshots go to
 * {@code cli/target/dashboard-screenshots/}.
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SHOTS = Path.of("target", "dashboard-screenshots");
    private static final String STDIN = "hello from the dashboards test";

    @TempDir
    Path tmp;

    private DashboardStack stack;
    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeEach
    void start() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "headless Chromium not found: install Debian's chromium and chromium-driver (/usr/bin/chromium, /usr/bin/chromedriver)");
        assumeTrue(PywinrmSteps.available(), "pywinrm not found: install Debian's python3-winrm");
        stack = new DashboardStack(Files.createDirectories(tmp.resolve("rec")));
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium-profile")), "--window-size=1440,1000");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        // live updates re-render rows: an element read just as it is replaced is looked up again
        wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
        Files.createDirectories(SHOTS);
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aRealSessionAppearsLiveAndShowsItsSendViolationAndAuditRow() throws Exception {
        browser.get(stack.admin() + "#/sessions");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".empty")));
        assertEquals("live on", wait.until(d -> liveClass(d).equals("live on") ? liveClass(d) : null));
        // a page reload would lose this: the row must arrive over the live feed
        ((JavascriptExecutor) browser).executeScript("window.__notReloaded = true;");

        JsonNode result = runPywinrm();
        assertEquals(STDIN + "\r\n", result.path("stdout").asText(), "cat echoed its stdin: " + result);
        assertNotNull(result.get("fault"), "the Send without CommandId was refused by the server: " + result);

        WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#sessions-table tbody tr[data-session-id]")));
        assertEquals(Boolean.TRUE, ((JavascriptExecutor) browser).executeScript("return window.__notReloaded === true;"));
        wait.until(d -> row(d).getText().contains(DashboardStack.USER) && row(d).getText().contains("cmd") ? true : null);
        String text = wait.until(d -> row(d).getText());
        assertTrue(text.contains("winrm") && text.contains("127.0.0.1:" + stack.server.port()), text);
        shot("1-sessions");

        row(browser).click();
        WebElement send = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.xpath("//div[@data-action='Send'][.//span[contains(@class,'data')][contains(., '" + STDIN + "')]]")));
        assertTrue(send.getText().contains("stdin"), send.getText());
        WebElement rule = wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("div[data-action='Send'] .rule.VIOLATION[data-rule='WsmanRule.SEND_COMMANDID_MISSING']")));
        assertTrue(rule.getText().contains("MS-WSMV 3.1.4.13"), rule.getText());
        assertTrue(rule.getText().contains("In a text shell every rsp:Stream of a Send carries CommandId"), rule.getText());
        send.findElement(By.cssSelector(".row")).click();
        WebElement decoded = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("div[data-action='Send'] .detail pre")));
        assertTrue(decoded.getText().contains("\"action\": \"Send\""), decoded.getText());
        shot("2-session");

        browser.findElement(By.cssSelector("[data-nav='audit']")).click();
        WebElement audit = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#audit-table tbody tr")));
        String auditText = audit.getText();
        assertTrue(auditText.contains(DashboardStack.USER) && auditText.contains("cat") && auditText.contains(STDIN)
                && auditText.contains("Done"), auditText);
        shot("3-audit");

        browser.findElement(By.cssSelector("[data-nav='recordings']")).click();
        WebElement recording = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("#recordings-table tbody tr")));
        assertTrue(recording.getText().contains("winrm"), recording.getText());
        for (String format : new String[]{"har", "pcapng"}) {
            String href = recording.findElement(By.cssSelector("a[data-export='" + format + "']")).getAttribute("href");
            assertEquals(200, stack.get(href.substring(stack.admin().length())).statusCode(), href);
        }
        shot("4-recordings");
        recording.findElement(By.linkText("open")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("div[data-action='Send'] .rule[data-rule='WsmanRule.SEND_COMMANDID_MISSING']")));
        shot("5-recording");
    }

    private static String liveClass(WebDriver d) {
        return d.findElement(By.id("live")).getAttribute("class");
    }

    private static WebElement row(WebDriver d) {
        return d.findElement(By.cssSelector("#sessions-table tbody tr[data-session-id]"));
    }

    private JsonNode runPywinrm() throws Exception {
        Path script;
        try {
            script = Path.of(DashboardBrowserTest.class.getResource("/winrm/dashboard_session.py").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        Process p = new ProcessBuilder(List.of(PywinrmSteps.PYTHON, script.toString(), stack.endpoint(), DashboardStack.USER,
                DashboardStack.PASSWORD, STDIN)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "pywinrm did not finish");
        assertEquals(0, p.exitValue(), out);
        return new ObjectMapper().readTree(out.lines().reduce((a, b) -> b).orElse("{}"));
    }

    private void shot(String name) throws Exception {
        byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        Files.write(SHOTS.resolve(name + ".png"), png);
    }

}
