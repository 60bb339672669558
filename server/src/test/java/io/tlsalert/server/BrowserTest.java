package io.tlsalert.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import io.tlsalert.TlsAlerts;
import io.tlsalert.registry.Lang;
import io.tlsalert.registry.Texts;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web page of {@code tlsalert serve} in a real headless Chromium against the real server: the table and its
 * filter, deep links and history, explain and decode from the paste box, XSS, Chinese, phone width and keyboard.
 * Screenshots go to {@code target/screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrowserTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final Dimension DESKTOP = new Dimension(1280, 900);

    private static final String JAVA_ERROR =
            "javax.net.ssl.SSLHandshakeException: Received fatal alert: handshake_failure";
    private static final String CURL_ERROR =
            "curl: (35) OpenSSL/3.0.19: error:0A000410:SSL routines::sslv3 alert handshake failure";

    private static final String REMOTE_CLOSED =
            "javax.net.ssl.SSLHandshakeException: Remote host terminated the handshake";
    private static final String OPENSSL_VERIFY_FAILED = "error:0A000086:SSL routines::certificate verify failed";
    private static final String NO_SAN =
            "javax.net.ssl.SSLHandshakeException: No subject alternative DNS name matching example.com found.";

    private static AlertServer server;
    private static String base;
    private static ChromeDriver driver;
    private static Path profile;
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        server = AlertServer.start(AlertServer.Config.defaults().withPort(0));
        base = "http://127.0.0.1:" + server.address().getPort();
        profile = Files.createTempDirectory("tlsalert-chromium");
        Files.createDirectories(SHOTS);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath(),
                "--window-size=1280,900");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER))
                .usingAnyFreePort()
                .build();
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (driver != null) {
                driver.quit();
            }
        } finally {
            if (server != null) {
                server.close();
            }
            if (profile != null) {
                deleteTree(profile);
            }
        }
    }

    /** After every test: nothing the CSP refused, no script error, no injected script ran. */
    @AfterEach
    void pageStayedClean() {
        List<String> bad = new ArrayList<>();
        for (String m : console()) {
            if (m.contains("Content Security Policy")
                    || m.contains("Uncaught")
                    || m.contains("Error:") && !m.contains("status of 404")) {
                bad.add(m);
            }
        }
        assertThat(bad).as("browser console").isEmpty();
        assertThat(js("return typeof window.__xss")).isEqualTo("undefined");
    }

    // -----------------------------------------------------------------------------------------------------------
    // 1. The table and its filter; rows' causes open by keyboard; links and history
    // -----------------------------------------------------------------------------------------------------------
    @Test
    @Order(1)
    void tableListsEveryAlertAndFiltersAsYouType() throws Exception {
        open("/", "en");
        // the console is read (so the check after each test means something)
        js("console.error('tlsalert-console-probe')");
        assertThat(console()).anyMatch(m -> m.contains("tlsalert-console-probe"));
        List<Object> apiAlerts = list(getJson("/api/alerts?lang=en").get("alerts"));
        waitTable("en");
        assertThat(rows()).hasSize(apiAlerts.size()).hasSizeGreaterThan(30);
        assertThat(row(40).getText()).contains("handshake_failure").contains("40");
        assertThat(text("#count")).contains(String.valueOf(apiAlerts.size()));
        shot("en-home");

        WebElement filter = driver.findElement(By.id("filter"));
        filter.sendKeys("unknown");
        waitUntil(d -> !row(40).isDisplayed());
        assertThat(row(48).isDisplayed()).isTrue();
        assertThat(row(48).getText()).contains("unknown_ca");
        assertThat(row(46).isDisplayed()).isTrue();
        assertThat(row(40).isDisplayed()).isFalse();
        assertThat(row(0).isDisplayed()).isFalse();
        long shown = rows().stream().filter(WebElement::isDisplayed).count();
        assertThat(shown).isBetween(1L, (long) apiAlerts.size() - 1);
        assertThat(text("#count")).contains(shown + " of " + apiAlerts.size());

        // by code
        filter.clear();
        filter.sendKeys("48");
        waitUntil(d -> !row(46).isDisplayed());
        assertThat(rows().stream()
                        .filter(WebElement::isDisplayed)
                        .map(r -> r.getAttribute("data-code"))
                        .toList())
                .containsExactly("48");
        // nothing
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), "no-such-alert-zzz");
        waitUntil(d -> driver.findElement(By.id("no-match")).isDisplayed());
        assertThat(text("#no-match")).contains("no-such-alert-zzz");
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), "unknown");
        waitUntil(d -> row(48).isDisplayed());

        // the causes of a row open and close with the keyboard
        WebElement toggle = row(48).findElement(By.cssSelector("button.toggle"));
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");
        WebElement details = driver.findElement(By.id(toggle.getAttribute("aria-controls")));
        assertThat(details.isDisplayed()).isFalse();
        toggle.sendKeys(Keys.ENTER);
        waitUntil(d -> details.isDisplayed());
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("true");
        Map<String, Object> unknownCa = map(getJson("/api/alerts/48?lang=en").get("alert"));
        for (Object c : list(unknownCa.get("causes"))) {
            assertThat(details.getText()).contains(plain((String) map(c).get("title")));
        }
        assertThat(details.getText())
                .contains("Common causes")
                .contains("Confirm")
                .contains("Fix");
        shot("en-row-open");
        toggle.sendKeys(Keys.SPACE);
        waitUntil(d -> !details.isDisplayed());
        assertThat(toggle.getAttribute("aria-expanded")).isEqualTo("false");

        // the name links to the detail, in place; back and forward work
        row(48).findElement(By.cssSelector("a.alert-name")).click();
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "unknown_ca"));
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/alerts/unknown_ca");
        assertThat(driver.findElement(By.id("view-home")).isDisplayed()).isFalse();
        assertThat(js("return window.__marker = 'same page'")).isEqualTo("same page");
        driver.navigate().back();
        waitUntil(d -> driver.findElement(By.id("view-home")).isDisplayed());
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/");
        assertThat(driver.findElement(By.id("filter")).getAttribute("value")).isEqualTo("unknown");
        driver.navigate().forward();
        waitUntil(d -> driver.findElement(By.id("view-detail")).isDisplayed());
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "unknown_ca"));
        assertThat(js("return window.__marker")).as("no reload").isEqualTo("same page");
    }

    // -----------------------------------------------------------------------------------------------------------
    // 2. Deep links
    // -----------------------------------------------------------------------------------------------------------
    @Test
    @Order(2)
    void deepLinkOpensTheAlertsFullDetail() throws Exception {
        Map<String, Object> api = map(getJson("/api/alerts/40?lang=en").get("alert"));
        for (String path : List.of("/alerts/40", "/alerts/handshake_failure")) {
            open(path, "en");
            waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "handshake_failure"));
            WebElement detail = driver.findElement(By.id("detail"));
            String text = detail.getText();
            assertThat(text)
                    .contains("40")
                    .contains("0x28")
                    .contains("Common causes")
                    .contains(plain((String) api.get("summary")))
                    .contains("If you received it")
                    .contains("If you sent it");
            List<Object> causes = list(api.get("causes"));
            List<WebElement> items = detail.findElements(By.cssSelector(".causes > li"));
            assertThat(items).hasSize(causes.size());
            for (int i = 0; i < causes.size(); i++) {
                Map<String, Object> c = map(causes.get(i));
                assertThat(items.get(i).getAttribute("data-cause")).isEqualTo(c.get("id"));
                assertThat(items.get(i).getText())
                        .contains(plain((String) c.get("title")))
                        .contains("Confirm")
                        .contains("Fix");
                assertThat(items.get(i).isDisplayed()).isTrue();
            }
            // backtick spans are <code> elements holding text
            assertThat(detail.findElements(By.cssSelector(".causes code"))).isNotEmpty();
            assertThat(driver.getTitle()).contains("handshake_failure");
        }
        shot("en-detail-40");
        darkShot("en-detail-40-dark");
        // the pager moves to the neighbours
        driver.findElement(By.cssSelector(".pager-next")).click();
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "no_certificate"));
        assertThat(driver.getCurrentUrl()).endsWith("/alerts/no_certificate");
        driver.navigate().back();
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "handshake_failure"));

        // the list link goes back to the page with the table
        driver.findElement(By.cssSelector(".crumbs a")).click();
        waitUntil(d -> driver.findElement(By.id("view-home")).isDisplayed());
        assertThat(driver.getCurrentUrl()).isEqualTo(base + "/alerts");
        assertThat(driver.findElement(By.id("view-detail")).isDisplayed()).isFalse();

        // 255 is no alert: the page says so, with the registry's note
        open("/alerts/255", "en");
        Map<String, Object> notFound = getJson("/api/alerts/255?lang=en");
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "Not a TLS alert"));
        assertThat(text("#detail")).contains(plain((String) notFound.get("note")));
        shot("en-detail-255");
    }

    // -----------------------------------------------------------------------------------------------------------
    // 3. The paste box: explain and decode
    // -----------------------------------------------------------------------------------------------------------
    @Test
    @Order(3)
    void pastedErrorsAndBytesAreExplained() {
        open("/", "en");
        WebElement paste = driver.findElement(By.id("paste"));
        paste.sendKeys(JAVA_ERROR);
        WebElement f = waitFinding(40, "JDK");
        assertThat(f.getText())
                .contains("handshake_failure")
                .contains("(40)")
                .contains("Received from the peer")
                .contains("The peer sent this alert")
                .contains("Received fatal alert: handshake_failure")
                .contains("Common causes")
                .contains("Confirm")
                .contains("Fix")
                .contains("RFC 8446");
        assertThat(f.getAttribute("data-direction")).isEqualTo("received");
        assertThat(driver.getCurrentUrl()).contains("#text=");
        driver.findElement(By.id("share-btn")).click();
        waitUntil(d -> !text("#share-status").isBlank());
        shot("en-explain-java");

        // the second error, sent by the button
        setValue(paste, CURL_ERROR);
        driver.findElement(By.id("explain-btn")).click();
        f = waitFinding(40, "curl");
        assertThat(f.getText())
                .contains("handshake_failure")
                .contains("Received from the peer")
                .contains("sslv3 alert handshake failure");
        assertThat(f.getAttribute("data-direction")).isEqualTo("received");
        assertThat(driver.findElements(By.cssSelector("#results .finding"))).hasSize(1);

        // bytes: an alert record, decoded
        paste.clear();
        paste.sendKeys("15 03 03 00 02 02 30");
        f = waitFinding(48, null);
        assertThat(f.getText()).contains("unknown_ca").contains("(48)").contains("decoded from the bytes");
        assertThat(text("#results")).contains("Decoded 7 bytes");
        shot("en-decode");
        darkShot("en-decode-dark");

        // a note: no alert at all
        setValue(paste, "curl: (35) OpenSSL/3.0.19: error:0A00010B:SSL routines::wrong version number");
        driver.findElement(By.id("explain-btn")).click();
        waitUntil(d -> text("#results").contains("No alert was exchanged"));
        assertThat(text("#results")).contains("wrong version number");

        // nothing found
        setValue(paste, "hello world");
        driver.findElement(By.id("explain-btn")).click();
        waitUntil(d -> text("#results").contains("No TLS alert found"));

        // a bad decode is reported, not thrown away
        setValue(paste, "15 03 03 00 05 02");
        driver.findElement(By.id("explain-btn")).click();
        waitUntil(d -> text("#results").contains("The bytes stop making sense here"));

        // the link with the text in its hash opens the same explanation
        open("/#text=" + URLs.encode(JAVA_ERROR), "en");
        waitFinding(40, "JDK");
        assertThat(driver.findElement(By.id("paste")).getAttribute("value")).isEqualTo(JAVA_ERROR);
    }

    // -----------------------------------------------------------------------------------------------------------
    // 4. Markup in texts stays text
    // -----------------------------------------------------------------------------------------------------------
    @Test
    @Order(4)
    void markupIsShownAsTextAndNeverRuns() {
        open("/", "en");
        WebElement paste = driver.findElement(By.id("paste"));
        String img = "<img src=x onerror=\"window.__xss=1\">";
        setValue(paste, img);
        driver.findElement(By.id("explain-btn")).click();
        waitUntil(d -> text("#results").contains("No TLS alert found"));
        assertThat(js("return typeof window.__xss")).isEqualTo("undefined");

        // echoed: the line around a match is shown as it was pasted
        String script = "<script>window.__xss=2</script>";
        setValue(paste, img + " " + script + " " + JAVA_ERROR);
        driver.findElement(By.id("explain-btn")).click();
        WebElement f = waitFinding(40, "JDK");
        assertThat(f.findElement(By.cssSelector(".context")).getText())
                .contains(img)
                .contains(script);
        assertThat(driver.findElements(By.cssSelector("#results img, #results script")))
                .isEmpty();
        assertThat(js("return typeof window.__xss")).isEqualTo("undefined");

        // the same around a failure without an alert
        setValue(paste, img + " " + script + " " + REMOTE_CLOSED);
        driver.findElement(By.id("explain-btn")).click();
        WebElement failure = waitFailure("peer-closed");
        assertThat(failure.findElement(By.cssSelector(".context")).getText())
                .contains(img)
                .contains(script);
        assertThat(driver.findElements(By.cssSelector("#results img, #results script")))
                .isEmpty();
        assertThat(js("return typeof window.__xss")).isEqualTo("undefined");

        // the same through the link hash
        open("/#text=" + URLs.encode(script + "\n" + img + " " + JAVA_ERROR), "en");
        waitFinding(40, "JDK");
        assertThat(driver.findElement(By.id("paste")).getAttribute("value"))
                .isEqualTo(script + "\n" + img + " " + JAVA_ERROR);
        assertThat(text("#results")).contains(img);

        // and through a deep link: the server's 404 echoes the name, the page shows it literally
        open("/alerts/%3Cimg%20src%3Dx%20onerror%3Dwindow.__xss%3D3%3E", "en");
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "Not a TLS alert"));
        assertThat(text("#detail")).contains("<img src=x onerror=window.__xss=3>");
        assertThat(driver.findElements(By.cssSelector("#detail img, #detail script")))
                .isEmpty();
        assertThat(js("return typeof window.__xss")).isEqualTo("undefined");
        shot("en-xss-deeplink");
    }

    // -----------------------------------------------------------------------------------------------------------
    // 5. Chinese
    // -----------------------------------------------------------------------------------------------------------
    @Test
    @Order(5)
    void chineseSwitchesTheUiAndTheTextsAndIsRemembered() throws Exception {
        open("/", "en");
        waitTable("en");
        assertThat(js("return document.documentElement.lang")).isEqualTo("en");
        driver.findElement(By.cssSelector(".lang-btn[data-lang='zh']")).click();
        waitTable("zh");
        assertThat(js("return document.documentElement.lang")).isEqualTo("zh-CN");
        assertThat(text("#list-heading")).isEqualTo("全部 TLS 告警");
        assertThat(driver.findElement(By.cssSelector("label[for='paste']")).getText())
                .contains("粘贴错误信息");
        // the page's strings are the web.* texts of text_zh.properties, the same data the CLI reads
        Texts texts = TlsAlerts.registry().texts();
        assertThat(text("#explain-heading")).isEqualTo(texts.get(Lang.ZH, "web.explainHeading"));
        assertThat(text("#count")).isEqualTo(texts.format(Lang.ZH, "web.countAll", rows().size()));
        assertThat(driver.findElement(By.cssSelector(".lang-btn[data-lang='zh']"))
                        .getAttribute("aria-pressed"))
                .isEqualTo("true");

        Map<String, Object> zh40 = map(getJson("/api/alerts/40?lang=zh").get("alert"));
        assertThat(row(40).getText()).contains(plain((String) zh40.get("summary")));
        WebElement toggle = row(40).findElement(By.cssSelector("button.toggle"));
        toggle.click();
        WebElement details = driver.findElement(By.id(toggle.getAttribute("aria-controls")));
        waitUntil(d -> details.isDisplayed());
        assertThat(details.getText()).contains("常见原因").contains(plain((String)
                map(list(zh40.get("causes")).get(0)).get("title")));
        shot("zh-home");

        // explained in Chinese
        driver.findElement(By.id("paste")).sendKeys(JAVA_ERROR);
        WebElement f = waitFinding(40, "JDK");
        assertThat(f.getText()).contains("收到的：由对端发送").contains("常见原因").contains("确认方法");
        shot("zh-explain");

        // remembered across a new page load, deep links too
        open("/alerts/40", null);
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "handshake_failure"));
        assertThat(js("return document.documentElement.lang")).isEqualTo("zh-CN");
        assertThat(text("#detail")).contains("常见原因").contains(plain((String) zh40.get("summary")));
        assertThat(text(".crumbs")).contains("全部告警");
        shot("zh-detail-40");

        // with nothing remembered, the browser's language decides
        driver.get(base + "/healthz");
        js("localStorage.clear()");
        String userAgent = (String) js("return navigator.userAgent");
        driver.executeCdpCommand(
                "Emulation.setUserAgentOverride", Map.of("userAgent", userAgent, "acceptLanguage", "zh-CN"));
        try {
            driver.get(base + "/");
            assertThat(js("return navigator.language")).isEqualTo("zh-CN");
            waitTable("zh");
            assertThat(js("return document.documentElement.lang")).isEqualTo("zh-CN");
        } finally {
            driver.executeCdpCommand(
                    "Emulation.setUserAgentOverride", Map.of("userAgent", userAgent, "acceptLanguage", "en-US"));
        }
        driver.get(base + "/healthz");
        js("localStorage.clear()");
        driver.get(base + "/alerts/40");
        assertThat(js("return navigator.language")).isNotEqualTo("zh-CN");
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "handshake_failure"));
        assertThat(js("return document.documentElement.lang")).isEqualTo("en");
        driver.findElement(By.cssSelector(".lang-btn[data-lang='zh']")).click();
        waitUntil(d -> text("#detail").contains("常见原因"));

        // the address now carries the choice, so a copied link opens in Chinese
        assertThat((String) js("return location.search")).isEqualTo("?lang=zh");

        // and back to English, on the detail page itself
        driver.findElement(By.cssSelector(".lang-btn[data-lang='en']")).click();
        waitUntil(d -> text("#detail").contains("Common causes"));
        assertThat(js("return document.documentElement.lang")).isEqualTo("en");
        assertThat(js("return localStorage.getItem('tlsalert.lang')")).isEqualTo("en");
        assertThat((String) js("return location.search")).isEqualTo("?lang=en");

        // a shared Chinese deep link opens in Chinese, whatever the browser remembers
        driver.get(base + "/alerts/40?lang=zh");
        waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "handshake_failure"));
        waitUntil(d -> text("#detail").contains("常见原因"));
        assertThat(js("return document.documentElement.lang")).isEqualTo("zh-CN");
        driver.get(base + "/alerts/40?lang=en");
        waitUntil(d -> text("#detail").contains("Common causes"));
    }

    // -----------------------------------------------------------------------------------------------------------
    // 6. Phone width
    // -----------------------------------------------------------------------------------------------------------
    @Test
    @Order(6)
    void phoneWidthHasNoHorizontalOverflow() {
        driver.manage().window().setSize(new Dimension(375, 812));
        try {
            open("/", "en");
            waitTable("en");
            assertNoOverflow("home");
            WebElement toggle = row(42).findElement(By.cssSelector("button.toggle"));
            toggle.click();
            waitUntil(d -> driver.findElement(By.id(toggle.getAttribute("aria-controls")))
                    .isDisplayed());
            assertNoOverflow("row open");
            driver.findElement(By.id("paste")).sendKeys(CURL_ERROR);
            waitFinding(40, "curl");
            assertNoOverflow("explained");
            shot("phone-home");
            setValue(driver.findElement(By.id("paste")), "15 03 03 00 02 02 30");
            driver.findElement(By.id("explain-btn")).click();
            waitFinding(48, null);
            assertNoOverflow("decoded");
            setValue(driver.findElement(By.id("paste")), OPENSSL_VERIFY_FAILED + "\n" + REMOTE_CLOSED);
            driver.findElement(By.id("explain-btn")).click();
            waitFailure("peer-closed");
            waitFailure("cert-verify-alert-unnamed");
            assertNoOverflow("failures without an alert");
            shot("phone-failures");

            open("/alerts/40", "en");
            waitUntil(ExpectedConditions.textToBe(By.cssSelector("#detail h2"), "handshake_failure"));
            assertNoOverflow("detail");
            shot("phone-detail-40");

            open("/", "zh");
            waitTable("zh");
            assertNoOverflow("zh home");
            shot("phone-zh-home");
        } finally {
            driver.manage().window().setSize(DESKTOP);
        }
    }

    // -----------------------------------------------------------------------------------------------------------
    // 7. Keyboard and labels
    // -----------------------------------------------------------------------------------------------------------
    @Test
    @Order(7)
    void keyboardReachesTheControlsAndEachHasAName() {
        open("/", "en");
        waitTable("en");
        List<String> reached = new ArrayList<>();
        js("document.activeElement && document.activeElement.blur()");
        for (int i = 0; i < 40 && !(reached.contains("paste") && reached.contains("filter")); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
            WebElement active = driver.switchTo().activeElement();
            String id = active.getAttribute("id");
            reached.add(id == null ? active.getTagName() : id);
            if ("paste".equals(id) || "filter".equals(id)) {
                assertThat(active.getCssValue("outline-style"))
                        .as("visible focus on " + id)
                        .isNotEqualTo("none");
            }
        }
        assertThat(reached).contains("paste", "filter");
        assertThat(reached.indexOf("paste")).isLessThan(reached.indexOf("filter"));

        assertThat(driver.findElement(By.id("paste")).getAccessibleName())
                .isEqualTo("Paste an error message, log lines, or TLS bytes (hex or base64)");
        assertThat(driver.findElement(By.id("filter")).getAccessibleName()).isEqualTo("Filter by code, name or text");
        assertThat(driver.findElement(By.id("results")).getAttribute("aria-live"))
                .isEqualTo("polite");
        for (WebElement b : driver.findElements(By.cssSelector("button"))) {
            if (b.isDisplayed()) {
                assertThat(b.getAccessibleName()).as("button name").isNotBlank();
            }
        }
        assertThat(driver.findElements(By.cssSelector("h1"))).hasSize(1);
        assertThat(driver.findElements(By.cssSelector("#view-home h2"))).hasSizeGreaterThanOrEqualTo(2);

        // a row's causes button takes the keyboard too
        WebElement toggle = row(40).findElement(By.cssSelector("button.toggle"));
        assertThat(toggle.getAccessibleName()).contains("handshake_failure");
        toggle.sendKeys(Keys.SPACE);
        waitUntil(d -> "true".equals(toggle.getAttribute("aria-expanded")));
    }

    // -----------------------------------------------------------------------------------------------------------
    // 8. Failures without an alert (issue 11 item 2) and the reason a cause is listed first (item 8)
    // -----------------------------------------------------------------------------------------------------------
    @Test
    @Order(8)
    void failuresWithoutAnAlertAndRankedCausesAreShown() throws Exception {
        Texts texts = TlsAlerts.registry().texts();
        for (Lang lang : List.of(Lang.EN, Lang.ZH)) {
            String l = lang == Lang.ZH ? "zh" : "en";
            Map<String, Object> want =
                    map(list(postJson("/api/explain", REMOTE_CLOSED, l).get("failures"))
                            .get(0));
            assertThat(want.get("class")).isEqualTo("peer-closed");
            open("/", l);
            waitTable(l);
            driver.findElement(By.id("paste")).sendKeys(REMOTE_CLOSED);
            WebElement f = waitFailure("peer-closed");
            assertThat(f.getAttribute("data-alert")).isEqualTo("none");
            assertThat(f.findElement(By.cssSelector(".finding-title")).getText())
                    .isEqualTo(plain((String) want.get("title")))
                    .isEqualTo(texts.get(lang, "failure.peer-closed.title"));
            assertThat(f.getText())
                    .contains(plain((String) want.get("meaning")))
                    .contains(texts.get(lang, "web.failure.noneText"))
                    .contains(texts.get(lang, "web.failure.likelyCauses"))
                    .contains(texts.get(lang, "web.confirm"))
                    .contains(texts.get(lang, "web.fix"))
                    .contains("Remote host terminated the handshake")
                    .contains("JDK");
            // the class's numbered causes text, one list item each, without its "1)" markers
            List<WebElement> causes = f.findElements(By.cssSelector(".failure-causes > li"));
            assertThat(causes).hasSizeGreaterThanOrEqualTo(3);
            assertThat(causes.get(0).getText()).doesNotStartWith("1").isNotBlank();
            assertThat(plain((String) want.get("causes")))
                    .contains(causes.get(1).getText());
            String results = text("#results");
            assertThat(results)
                    .doesNotContain(texts.get(lang, "web.nothingFound"))
                    .contains(texts.format(lang, "web.count.failures.one", 1));
            assertThat(driver.findElements(By.cssSelector("#results .finding"))).hasSize(1);
            shot(l + "-explain-failure");
        }

        // an alert was sent but the text does not name it: the possible alerts, most likely first, as links
        open("/", "en");
        waitTable("en");
        WebElement paste = driver.findElement(By.id("paste"));
        paste.sendKeys(OPENSSL_VERIFY_FAILED);
        WebElement u = waitFailure("cert-verify-alert-unnamed");
        assertThat(u.getAttribute("data-alert")).isEqualTo("unnamed");
        List<Object> maybe = list(
                map(list(postJson("/api/explain", OPENSSL_VERIFY_FAILED, "en").get("failures"))
                                .get(0))
                        .get("maybe"));
        List<WebElement> links = u.findElements(By.cssSelector(".maybe-alerts li"));
        assertThat(links).hasSize(maybe.size());
        assertThat(links.get(0).getAttribute("data-code")).isEqualTo(String.valueOf(maybe.get(0)));
        assertThat(links.get(0).getText()).isEqualTo("unknown_ca (48)");
        assertThat(u.getText()).contains(texts.get(Lang.EN, "web.failure.unnamedText"));

        // a ranked cause: the first one says why it is first, in the words of the API
        for (String l : List.of("en", "zh")) {
            Map<String, Object> finding = map(
                    list(postJson("/api/explain", NO_SAN, l).get("findings")).get(0));
            Map<String, Object> first = map(list(finding.get("causes")).get(0));
            assertThat(first.get("hint")).as("the CLI's first cause has a hint").isNotNull();
            open("/", l);
            waitTable(l);
            driver.findElement(By.id("paste")).sendKeys(NO_SAN);
            WebElement f = waitFinding(((Number) finding.get("code")).intValue(), "JDK");
            WebElement li = f.findElement(By.cssSelector(".causes > li"));
            assertThat(li.getAttribute("data-cause")).isEqualTo(first.get("id"));
            assertThat(li.getAttribute("data-hint")).isEqualTo(first.get("hint"));
            assertThat(li.findElement(By.cssSelector(".cause-because")).getText())
                    .isEqualTo(plain((String) first.get("because")))
                    .contains((String) first.get("said"));
            // only the cause the line points at has a reason
            assertThat(f.findElements(By.cssSelector(".cause-because"))).hasSize(1);
            shot(l + "-explain-ranked-cause");
        }
    }

    // -----------------------------------------------------------------------------------------------------------
    // helpers
    // -----------------------------------------------------------------------------------------------------------

    /** Opens a path with the language preset (null: keep what the page remembered). */
    private static void open(String path, String lang) {
        if (lang != null) {
            driver.get(base + "/healthz");
            js("localStorage.setItem('tlsalert.lang', arguments[0])", lang);
        }
        driver.get(base + path);
        waitUntil(d -> "complete".equals(js("return document.readyState")));
    }

    /** The browser console since the last call. */
    private static List<String> console() {
        List<String> l = new ArrayList<>();
        for (LogEntry e : driver.manage().logs().get(LogType.BROWSER)) {
            l.add(e.getMessage());
        }
        return l;
    }

    private static void waitTable(String lang) {
        waitUntil(d -> lang.equals(driver.findElement(By.id("alerts-table")).getAttribute("data-lang")));
    }

    private static List<WebElement> rows() {
        return driver.findElements(By.cssSelector("#alerts-body tr.alert-row"));
    }

    private static WebElement row(int code) {
        return driver.findElement(By.cssSelector("#alerts-body tr.alert-row[data-code='" + code + "']"));
    }

    /** Waits for the finding of an alert in the results; stackName, when given, must show too. */
    private static WebElement waitFinding(int code, String stackName) {
        By by = By.cssSelector("#results .finding[data-code='" + code + "']");
        waitUntil(d -> {
            List<WebElement> l = driver.findElements(by);
            if (l.isEmpty() || driver.findElement(By.id("results")).getAttribute("aria-busy") != null) {
                return false;
            }
            return stackName == null
                    || l.get(0).findElements(By.cssSelector(".stack")).stream()
                            .anyMatch(s -> s.getText().contains(stackName));
        });
        return driver.findElement(by);
    }

    private static void setValue(WebElement e, String value) {
        js("arguments[0].value = arguments[1]", e, value);
    }

    private static String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private static void assertNoOverflow(String where) {
        Object r = js("return [document.documentElement.scrollWidth, window.innerWidth, document.body.scrollWidth]");
        List<Object> l = list(r);
        long scroll = ((Number) l.get(0)).longValue();
        long inner = ((Number) l.get(1)).longValue();
        long body = ((Number) l.get(2)).longValue();
        assertThat(inner).as("window width").isLessThanOrEqualTo(400);
        assertThat(scroll).as("page width at " + where).isLessThanOrEqualTo(inner + 1);
        assertThat(body).as("body width at " + where).isLessThanOrEqualTo(inner + 1);
    }

    private static Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    private static void waitUntil(java.util.function.Function<org.openqa.selenium.WebDriver, ?> condition) {
        new WebDriverWait(driver, WAIT).until(condition);
    }

    /** A full-page screenshot: the window is made as tall as the page for the shot. */
    private static void shot(String name) {
        Dimension before = driver.manage().window().getSize();
        try {
            js("window.scrollTo(0, 0)");
            long height = ((Number)
                            js("return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)"))
                    .longValue();
            long chrome = before.getHeight() - ((Number) js("return window.innerHeight")).longValue();
            driver.manage().window().setSize(new Dimension(before.getWidth(), (int) Math.min(height + chrome, 12000)));
            File f = driver.getScreenshotAs(OutputType.FILE);
            Files.copy(f.toPath(), SHOTS.resolve(name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            driver.manage().window().setSize(before);
        }
    }

    /** A screenshot in the dark colour scheme (prefers-color-scheme emulated). */
    private static void darkShot(String name) {
        driver.executeCdpCommand(
                "Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
        try {
            shot(name);
        } finally {
            driver.executeCdpCommand(
                    "Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", ""))));
        }
    }

    /** The text as the page shows it: backticks become code elements, so they are not in the visible text. */
    private static String plain(String s) {
        return s.replace("`", "");
    }

    private static Map<String, Object> postJson(String path, String text, String lang)
            throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path + "?lang=" + lang))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(Map.of("text", text))))
                        .build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as("POST %s", path).isEqualTo(200);
        return JSON.std.mapFrom(r.body());
    }

    /** Waits for the failure of a class (a failure without a named alert) in the results. */
    private static WebElement waitFailure(String failureClass) {
        By by = By.cssSelector("#results .finding.failure[data-class='" + failureClass + "']");
        waitUntil(d -> !driver.findElements(by).isEmpty()
                && driver.findElement(By.id("results")).getAttribute("aria-busy") == null);
        return driver.findElement(by);
    }

    private static Map<String, Object> getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + path)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return JSON.std.mapFrom(r.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object o) {
        return (List<Object>) o;
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    /** URL encoding as encodeURIComponent does it. */
    private static final class URLs {
        static String encode(String s) {
            return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
        }
    }
}
