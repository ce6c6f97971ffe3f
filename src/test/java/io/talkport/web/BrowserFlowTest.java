package io.talkport.web;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.sandbox.ops.FaultSettings;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Chromium;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.TestUsers;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard as a user sees it, in a real headless Chromium: the login form, the upload page's script, htmx
 * refreshing validation and run progress in place, retrying a failed item, promoting to live and the sandbox pages.
 */
@QuarkusTest
class BrowserFlowTest {

    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final Duration RUN = Duration.ofSeconds(45);
    private static final Path SAMPLE = Path.of("samples", "sample-bundle.zip").toAbsolutePath();

    @TestHTTPResource("/")
    URL app;
    @Inject
    TalkJsSandbox sandbox;
    @Inject
    AgroalDataSource dataSource;

    private Chromium browser;

    @BeforeEach
    void start(TestInfo test) {
        assumeTrue(Chromium.available(), "chromium and chromedriver are not installed");
        sandbox.resetAll(); // data, journal, faults and rate limits of every app
        browser = Chromium.start(app, test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.screenshot("end");
            browser.close();
        }
        sandbox.apps().forEach(a -> a.faults().clear());
    }

    @Test
    void uploadValidatePushWatchProgressPromoteAndBrowseTheSandbox() throws IOException {
        browser.logIn(TestUsers.ADMIN);
        assertThat(browser.find(By.id("current-user")).getText()).contains("admin");

        // The upload page's script refuses a file that is not a zip before sending anything.
        browser.open("/jobs/new");
        Path notAZip = Files.writeString(Files.createTempDirectory("talkport-browser").resolve("notes.txt"), "hello");
        browser.find(By.id("file")).sendKeys(notAZip.toString());
        browser.find(By.id("upload-button")).click();
        browser.awaitText(By.id("upload-error"), "is not a .zip file", SHORT);
        assertThat(browser.find(By.id("upload-error")).getText()).contains("notes.txt");
        assertThat(browser.path()).isEqualTo("/jobs/new");
        browser.screenshot("not-a-zip");

        // The real upload: progress, then the job page, where validation finishes by itself.
        String name = "browser-sample-" + System.nanoTime();
        browser.find(By.id("file")).sendKeys(SAMPLE.toString());
        browser.find(By.id("name")).sendKeys(name);
        browser.find(By.id("upload-button")).click();
        browser.waiting(SHORT).until(ExpectedConditions.urlMatches("/jobs/\\d+$"));
        browser.awaitText(By.id("job-status"), "READY", SHORT);
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo(name);
        assertThat(browser.find(By.id("count-messages")).getText()).isNotEqualTo("0");
        // The page reloads itself once validation has ended (HX-Refresh): read the table from the page that stays.
        String firstIssue = browser.waiting(SHORT).ignoring(WebDriverException.class).until(driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector("table[aria-label=Issues] tbody tr"));
            return rows.isEmpty() ? null : rows.get(0).getText();
        });
        assertThat(firstIssue).containsAnyOf("warning", "error");
        assertThat(browser.find(By.id("issues-csv")).getAttribute("href")).endsWith("/issues.csv");
        browser.screenshot("validated");
        // A filter shows in the address, so that the filtered list can be reloaded or shared.
        new org.openqa.selenium.support.ui.Select(browser.find(By.id("severity"))).selectByValue("warning");
        browser.waiting(SHORT).until(ExpectedConditions.urlContains("severity=warning"));
        browser.awaitText(By.id("issue-total"), "1 issue ", SHORT);

        // Slow the test app down so that the run is visibly in progress for a few refreshes.
        sandbox.app("sandbox-test").faults().configure(new FaultSettings(0, 0, 0, 1, 0, 400, null), List.of());
        browser.find(By.id("push-test")).click();
        browser.waiting(SHORT).until(ExpectedConditions.presenceOfElementLocated(By.id("run-test-status")));
        markPage();
        List<String> seen = watchRun("test");
        assertThat(pageIsStillTheSame()).as("the run section refreshed in place, without a reload").isTrue();
        assertThat(seen).containsAnyOf("QUEUED", "RUNNING", "VERIFYING").last().isEqualTo("SUCCEEDED");
        assertThat(browser.find(By.id("bar-test-messages")).getAttribute("value")).isEqualTo("100");
        browser.awaitText(By.id("run-test"), "verified", SHORT);
        browser.screenshot("test-succeeded");

        // Promote: the button needs the job's name typed.
        browser.find(By.id("confirm")).sendKeys(name);
        browser.find(By.id("promote-button")).click();
        browser.awaitText(By.id("run-live-status"), "SUCCEEDED", RUN);
        browser.screenshot("live-succeeded");

        // The sandbox pages show what the live app now holds.
        browser.find(By.linkText("Sandbox")).click();
        browser.awaitText(By.tagName("h1"), "TalkJS sandbox", SHORT);
        browser.find(By.linkText("sandbox-live")).click();
        browser.awaitText(By.tagName("h1"), "sandbox-live", SHORT);
        browser.find(By.linkText("support-1042")).click();
        browser.awaitText(By.tagName("table"), "my order #1042 arrived with a cracked screen", SHORT);
        browser.screenshot("sandbox-conversation");
    }

    @Test
    void aFailedItemIsListedAndRetriedAfterTheDataIsFixed() {
        BundleBuilder bundle = BundleBuilder.create();
        for (int i = 0; i < 10; i++) {
            bundle.user(String.format("u%03d", i), "User " + i);
        }
        bundle.conversation("c1", "u000", "u001").message("c1", "u000", 1_650_000_000_000L, "hi");
        long id = Jobs.uploadAndValidate("retry.zip", bundle.toBytes()).getLong("id");
        Db db = new Db(dataSource);
        // Staging accepts only valid users: break one the way only TalkJS notices, a name that is not a string.
        assertThat(db.update("UPDATE staged_user SET payload = '{\"name\": 42}' WHERE job_id = " + id
                + " AND user_id = 'u005'")).isEqualTo(1);

        browser.logIn(TestUsers.OPERATOR);
        browser.open("/jobs/" + id);
        browser.find(By.id("push-test")).click();
        browser.awaitText(By.id("run-test-status"), "FAILED", RUN);
        WebElement failures = browser.find(By.id("failures-test"));
        assertThat(failures.getText()).contains("u005").contains("400");
        browser.screenshot("failed-item");

        assertThat(db.update("UPDATE staged_user SET payload = '{\"name\": \"User 5\"}' WHERE job_id = " + id
                + " AND user_id = 'u005'")).isEqualTo(1);
        browser.find(By.cssSelector("button[aria-label='Retry the failed items of the test run']")).click();
        browser.awaitText(By.id("run-test-status"), "SUCCEEDED", RUN);
        assertThat(browser.driver().findElements(By.id("failures-test"))).isEmpty();
        assertThat(sandbox.app("sandbox-test").users()).hasSize(10);
    }

    @Test
    void aViewerSeesProgressButNoActions() {
        long id = Jobs.uploadAndValidate("viewer.zip", BundleBuilder.create().user("u1", "Alice").user("u2", "Bob")
                .conversation("c1", "u1", "u2").message("c1", "u1", 1_650_000_000_000L, "hi").toBytes()).getLong("id");
        io.restassured.RestAssured.given().contentType("application/json")
                .body(Map.of("environment", "test", "addMissingSenders", false))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        Jobs.awaitRun(id, "test", RUN, "SUCCEEDED");

        browser.logIn(TestUsers.VIEWER);
        browser.open("/jobs/" + id);
        browser.awaitText(By.id("run-test-status"), "SUCCEEDED", SHORT);
        assertThat(browser.driver().findElements(By.id("promote-button"))).isEmpty();
        assertThat(browser.driver().findElements(By.id("push-test"))).isEmpty();
        assertThat(browser.driver().findElements(By.linkText("Upload"))).isEmpty();
        assertThat(browser.find(By.id("issues-csv")).isDisplayed()).isTrue();
    }

    /** Polls the status badge until the run ends; returns the distinct statuses seen, in order. */
    private List<String> watchRun(String environment) {
        Set<String> seen = new LinkedHashSet<>();
        List<Long> bars = new ArrayList<>();
        browser.waiting(RUN).until(driver -> {
            String status = driver.findElement(By.id("run-" + environment + "-status")).getText();
            seen.add(status);
            bars.add(driver.findElements(By.cssSelector("#run-" + environment + " progress")).stream()
                    .mapToLong(bar -> Long.parseLong(bar.getAttribute("value"))).sum());
            return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status);
        });
        assertThat(bars.get(0)).as("bars start below full").isLessThan(bars.get(bars.size() - 1));
        return new ArrayList<>(seen);
    }

    private void markPage() {
        ((JavascriptExecutor) browser.driver()).executeScript("window.talkportTestMarker = 'same page';");
    }

    private boolean pageIsStillTheSame() {
        return "same page".equals(((JavascriptExecutor) browser.driver())
                .executeScript("return window.talkportTestMarker;"));
    }
}
