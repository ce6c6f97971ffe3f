package io.talkport.web;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.bundle.format.DirectoryArchive;
import io.talkport.bundle.format.Zips;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.sandbox.ops.FaultSettings;
import io.talkport.testsupport.BundleBuilder;
import io.talkport.testsupport.Chromium;
import io.talkport.testsupport.Db;
import io.talkport.testsupport.Jobs;
import io.talkport.testsupport.SandboxContents;
import io.talkport.testsupport.TestUsers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What the dashboard tells a user, read in a real Chromium at 1440 and 390 pixels wide: each environment's state,
 * confirmations before destructive actions, progress through validation, push and read-back, failures grouped by
 * reason, HTML error pages, messages that only the server can set, the upload page's states, and no page wider
 * than the screen. Screenshots of every page at both widths go to target/screenshots/.
 */
@QuarkusTest
class DashboardBrowserTest {

    private static final Duration SHORT = Duration.ofSeconds(10);
    private static final Duration RUN = Duration.ofSeconds(60);
    private static final int[] WIDTHS = {1440, 390};

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
        sandbox.resetAll();
        browser = Chromium.start(app, test.getTestMethod().orElseThrow().getName());
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.screenshot("end"); // what the page showed last, also when the test failed
            browser.close();
        }
        sandbox.apps().forEach(a -> a.faults().clear());
    }

    @Test
    void everyPageAtBothWidthsWithStatusesFailuresAndErrorPages() {
        long verified = Jobs.uploadAndValidate("verified.zip", smallBundle(4, 3, 2)).getLong("id");
        given().contentType("application/json").body(Map.of("environment", "test", "addMissingSenders", false))
                .when().post("/api/jobs/" + verified + "/runs").then().statusCode(202);
        Jobs.awaitRun(verified, "test", RUN, "SUCCEEDED");
        long failed = failedRun();

        for (int width : WIDTHS) {
            resize(width);
            browser.driver().manage().deleteAllCookies();
            page("/login", width, "login");
            browser.logIn(TestUsers.ADMIN);
            page("/jobs", width, "jobs");
            assertThat(row(verified).getText()).contains("Test ✓ verified").contains("Live —");
            assertThat(row(failed).getText()).contains("Test FAILED · 10 items");
            assertThat(navLink("Jobs").getAttribute("aria-current")).isEqualTo("page");

            page("/jobs/" + verified, width, "job-verified");
            assertThat(browser.find(By.id("env-test")).getText()).isEqualTo("Test ✓ verified");
            assertThat(browser.find(By.id("run-test-took")).getText()).startsWith("Took ").contains("messages/s");
            assertThat(browser.find(By.id("run-test-verified")).getText()).isEqualTo("verified");
            browser.find(By.id("plan-check")).click(); // the job page's "Check against TalkJS", in place
            browser.awaitText(By.id("plan-summary"), "6 already in the test app are skipped", SHORT);
            browser.find(By.id("plan-check-live")).click(); // the promote form's plan, against the live app
            browser.awaitText(By.id("plan-summary-live"), "Push 6 new messages in 3 conversations · 0 already in the "
                    + "live app are skipped", SHORT);
            assertThat(browser.find(By.id("plan-summary")).getText()).as("the test plan stays")
                    .contains("6 already in the test app");
            assertThat(color(By.id("run-test-status"), "background-color")).contains("232, 245, 238");
            assertThat(browser.find(By.id("issue-counts")).getText()).startsWith("0 errors · 0 warnings");

            page("/jobs/" + failed, width, "job-failed");
            assertThat(color(By.id("run-test-status"), "background-color")).contains("180, 35, 24");
            assertThat(browser.driver().findElements(By.id("run-test-verified"))).as("no green badge by FAILED").isEmpty();
            List<WebElement> groups = browser.driver().findElements(By.cssSelector("#failures-test tbody tr"));
            assertThat(groups).as("ten refusals for one reason are one row").hasSize(1);
            assertThat(groups.get(0).getText()).startsWith("10 users").contains("‹id›").contains("name must be a string")
                    .contains("u000, u001, u002");
            assertThat(browser.find(By.id("failures-test-csv")).getText()).isEqualTo("All 10 failed items as CSV");
            assertThat(browser.find(By.cssSelector("button[aria-label='Retry the failed items of the test run']"))
                    .getText()).isEqualTo("Retry 10 failed items");

            page("/jobs/" + verified + "/plan?environment=test", width, "plan");
            assertThat(browser.find(By.id("plan-summary")).getText()).startsWith("Push 0 new messages")
                    .contains("6 already in the test app are skipped");
            assertThat(browser.find(By.id("plan-confirm")).getText()).isEqualTo("Check again and finish (nothing to send)");
            page("/environments", width, "environments");
            assertThat(browser.find(By.id("environment-test")).getText()).contains("sandbox-test").contains("complete");
            browser.find(By.cssSelector("button[aria-label='Check the connection of the test environment']")).click();
            browser.awaitText(By.id("check-test"), "OK:", SHORT);
            shot(width + "-environments-checked");

            page("/jobs/new", width, "upload");
            assertThat(browser.find(By.id("upload-cancel")).isDisplayed()).as("no cancel before an upload").isFalse();
            page("/docs/bundle-format", width, "bundle-format");
            assertThat(browser.find(By.id("bundle-format")).getText()).contains("users.jsonl");
            page("/audit", width, "audit");
            page("/sandbox", width, "sandbox");
            page("/jobs/987654", width, "error-404");
            assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Nothing here");
            assertThat(browser.driver().findElements(By.id("main-nav"))).hasSize(1);
            browser.open("/upload");
            assertThat(browser.path()).isEqualTo("/jobs/new");

            if (width < 500) {
                assertThat(browser.find(By.id("main-nav")).isDisplayed()).as("the menu is collapsed").isFalse();
                browser.find(By.id("menu-toggle")).click();
                assertThat(navLink("Jobs").isDisplayed()).isTrue();
                shot(width + "-menu-open");
            }
        }
        // The JSON API keeps answering JSON, also to a browser.
        browser.open("/api/jobs/987654");
        assertThat(browser.find(By.tagName("body")).getText()).startsWith("{").contains("not_found");
        String csv = given().when().get("/jobs/" + failed + "/runs/test/failures.csv").then().statusCode(200)
                .extract().asString();
        assertThat(csv.lines()).hasSize(11).first().isEqualTo("kind,item_id,reason,at");
    }

    @Test
    void confirmationsProgressAndMessagesOnlyTheServerSets() {
        long id = Jobs.uploadAndValidate("steps.zip", smallBundle(12, 40, 10)).getLong("id");
        browser.logIn(TestUsers.ADMIN);

        // A link cannot put words into the alert banner.
        browser.open("/jobs/" + id + "?notice=Your+session+expired.+Log+in+at+evil.example&flash=0123456789abcdef");
        assertThat(browser.driver().findElements(By.id("notice"))).isEmpty();
        assertThat(browser.find(By.tagName("body")).getText()).doesNotContain("session expired");

        // Push (each TalkJS call slowed to 4 s), watch the overall line, cancel behind a confirmation, and resume. The
        // small conversations go in groups of ten, whose progress is recorded when the whole group is done: about 44 s,
        // near the run's end. So the cancel waits for the first message in TalkJS (about 12 s in), not for progress.
        latency(4_000);
        browser.find(By.id("push-test")).click();
        browser.waiting(RUN).ignoring(WebDriverException.class).until(d ->
                SandboxContents.messageCount(sandbox.app("sandbox-test")) > 0
                        && d.findElement(By.id("run-test-overall")).getText().contains("messages (")
                        || !List.of("QUEUED", "RUNNING").contains(d.findElement(By.id("run-test-status")).getText()));
        assertThat(browser.find(By.id("run-test-status")).getText()).as("still running, to be cancelled")
                .isEqualTo("RUNNING");
        String overall = browser.find(By.id("run-test-overall")).getText();
        assertThat(overall).matches("[\\d,]+ / 400 messages \\([\\d.]+%\\).*");
        browser.find(By.cssSelector("summary[aria-label='Cancel the test run']")).click();
        shot("cancel-confirmation");
        browser.find(By.id("cancel-test-yes")).click();
        browser.awaitText(By.id("run-test-status"), "CANCELLED", RUN);
        // The button names what the server counts as delivered, once the workers have let go (a batch on the wire at
        // the cancel still lands and is counted).
        browser.waiting(SHORT).until(d -> new Db(dataSource).count("SELECT count(*) FROM delivery_task t JOIN run r"
                + " ON r.id = t.run_id WHERE r.job_id = " + id + " AND t.lease_owner IS NOT NULL") == 0);
        long delivered = Jobs.awaitRun(id, "test", SHORT, "CANCELLED").getLong("progress.messages.done");
        assertThat(delivered).as("messages were delivered before the cancel").isPositive();
        browser.driver().navigate().refresh();
        assertThat(browser.find(By.id("push-test")).getText()).isEqualTo(String.format(Locale.ROOT,
                "%s push — %,d of 400 delivered", delivered < 400 ? "Resume" : "Repeat", delivered));
        shot("cancelled");

        latency(500); // read-back takes a few page refreshes
        browser.find(By.id("push-test")).click();
        Set<String> verifying = new LinkedHashSet<>();
        List<String> lines = new ArrayList<>();
        browser.waiting(Duration.ofSeconds(120)).ignoring(WebDriverException.class).until(d -> {
            String status = d.findElement(By.id("run-test-status")).getText();
            lines.add(d.findElement(By.id("run-test-overall")).getText());
            d.findElements(By.id("run-test-verify")).forEach(e -> verifying.add(e.getText()));
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        });
        assertThat(browser.find(By.id("run-test-status")).getText()).isEqualTo("SUCCEEDED");
        // Conversations the cancel left with a batch in flight are read back; the ledger vouches for the rest, so the
        // VERIFYING phase may be too short for a page refresh to catch: what it showed, if anything, is checked, and
        // the line that stays says what was read.
        String vouched = " · (\\d+ conversations? read back, the rest vouched for by TalkJS's answers|nothing read "
                + "back: TalkJS's answers vouch for all of it)";
        assertThat(verifying).allMatch(t -> t.matches("(Verifying \\d+ of|Checked 40 of) 40 conversations and "
                + "\\d+ of 12 users(" + vouched + ")?"));
        assertThat(browser.find(By.id("run-test-verify")).getText()).matches("Checked 40 of 40 conversations and 12 "
                + "of 12 users" + vouched);
        assertThat(lines).anyMatch(t -> t.contains("left"));
        assertThat(lines).noneMatch(t -> t.contains("uploaded 0 B"));
        assertThat(browser.find(By.id("run-test-took")).getText()).contains("average");
        assertThat(browser.find(By.id("env-test")).getText()).isEqualTo("Test ✓ verified");
        shot("verified");

        // Promote with a wrong name: the error sits by the field, which keeps what was typed.
        browser.find(By.id("confirm")).sendKeys("steps");
        browser.find(By.id("promote-button")).click();
        browser.awaitText(By.id("confirm-error"), "steps", SHORT);
        assertThat(inView("confirm-error")).as("the page scrolled to the error by the field: %s", js("return "
                + "location.href + ' ' + JSON.stringify(document.getElementById('confirm-error').getBoundingClientRect())"
                + " + ' ' + window.innerHeight + ' ' + window.scrollY")).isTrue();
        assertThat(browser.find(By.id("confirm")).getAttribute("value")).isEqualTo("steps");
        assertThat(browser.driver().findElements(By.id("notice"))).isEmpty();
        shot("promote-wrong-name");
        // The same message cannot be shown twice by reloading or sharing the link.
        browser.driver().navigate().refresh();
        assertThat(browser.driver().findElements(By.id("confirm-error"))).isEmpty();

        // Delete: a wrong name keeps the job; the right one deletes it and says so.
        browser.find(By.cssSelector("summary[aria-label='Delete this job']")).click();
        browser.find(By.id("delete-job-typed")).sendKeys("steps");
        browser.find(By.id("delete-job-yes")).click();
        browser.awaitText(By.id("delete-job-error"), "not this job's name", SHORT);
        assertThat(inView("delete-job-error")).as("the page scrolled to the error by the field").isTrue();
        assertThat(browser.find(By.id("delete-job-typed")).getAttribute("value")).isEqualTo("steps");
        shot("delete-wrong-name");
        browser.find(By.id("delete-job-typed")).clear();
        browser.find(By.id("delete-job-typed")).sendKeys("steps.zip");
        browser.find(By.id("delete-job-yes")).click();
        browser.waiting(SHORT).until(ExpectedConditions.urlMatches("/jobs\\?flash="));
        assertThat(browser.find(By.id("notice")).getText()).isEqualTo(
                "Deleted the job “steps.zip”, its staged data and its stored archive.");
        shot("deleted");
        given().when().get("/api/jobs/" + id).then().statusCode(404);
    }

    @Test
    void aSendbirdExportsUserIdsMappedByEmailFromTheJobPage() throws Exception {
        long id = Jobs.uploadAndValidate("sendbird.zip",
                Zips.of(DirectoryArchive.sample("sendbird/exported-data"), "")).getLong("id");
        Path csv = Files.createTempFile("talkport-map", ".csv");
        Files.writeString(csv, "email,talkjsId\nShane.Riley@domain.com,crm-shane\nclyde.howell@domain.com,crm-clyde\n"
                + "nobody@domain.com,crm-nobody\n");
        browser.logIn(TestUsers.OPERATOR);
        browser.open("/jobs/" + id);
        assertThat(browser.find(By.id("source-summary")).getText()).contains("Sendbird export, 4 users");
        browser.find(By.id("user-map-file")).sendKeys(csv.toString());
        new Select(browser.find(By.id("user-map-policy"))).selectByValue("placeholder");
        browser.find(By.id("user-map-button")).click();
        browser.awaitText(By.id("notice"), "User ids mapped: 2 from the CSV, 0 kept, 2 placeholders.", SHORT);
        assertThat(browser.find(By.id("user-map-summary")).getText()).startsWith("User ids were mapped (4 users)");
        assertThat(browser.find(By.id("user-map")).getText()).contains("crm-shane").contains("unmapped-523915");
        shot("user-map");

        // Second thoughts before the push: the users without an email keep their export ids after all.
        assertThat(browser.find(By.id("user-map-button")).getText()).isEqualTo("Map user ids again");
        browser.find(By.id("user-map-file")).sendKeys(csv.toString());
        new Select(browser.find(By.id("user-map-policy"))).selectByValue("keep");
        browser.find(By.id("user-map-button")).click();
        browser.awaitText(By.id("notice"), "User ids mapped: 2 from the CSV, 2 kept, 0 placeholders. 1 CSV row matched "
                + "no user of the export: line 4: nobody@domain.com.", SHORT);
        assertThat(browser.find(By.id("user-map")).getText()).contains("crm-shane").doesNotContain("unmapped-");

        browser.find(By.id("push-test")).click();
        browser.awaitText(By.id("run-test-status"), "SUCCEEDED", RUN);
        assertThat(sandbox.app("sandbox-test").users().keySet()).containsExactlyInAnyOrder("crm-shane", "crm-clyde",
                "523915", "523916");
        browser.open("/jobs/" + id);
        assertThat(browser.driver().findElements(By.id("user-map-form"))).as("pushed: the test app holds these ids")
                .isEmpty();
        assertThat(browser.find(By.id("user-map-pushed")).getText()).contains("remove this job's test import");

        // TalkJS's own advice when something went wrong: reset the test app, then import again. The job page shows
        // what is missing and imports it, once.
        sandbox.reset("sandbox-test");
        browser.open("/jobs/" + id);
        browser.find(By.id("plan-check")).click();
        browser.awaitText(By.id("plan-summary"), "Push 4 new messages in 1 conversation · 0 already", SHORT);
        shot("plan-after-reset");
        browser.find(By.id("plan-confirm")).click();
        browser.waiting(RUN).until(d -> SandboxContents.messageCount(sandbox.app("sandbox-test")) == 4);
        Jobs.awaitRun(id, "test", RUN, "SUCCEEDED");
        browser.open("/jobs/" + id);
        assertThat(browser.find(By.id("env-test")).getText()).isEqualTo("Test ✓ verified");
        assertThat(SandboxContents.messageCount(sandbox.app("sandbox-test"))).as("each message once").isEqualTo(4);
    }

    @Test
    void uploadStatesValidationProgressLoginAndARoleErrorPage() throws Exception {
        // A failed login keeps the user name; a viewer asking for the audit trail gets a page, not JSON.
        browser.open("/login");
        browser.find(By.id("j_username")).sendKeys(TestUsers.VIEWER);
        browser.find(By.id("j_password")).sendKeys("wrong");
        browser.find(By.id("login-button")).click();
        browser.awaitText(By.id("login-error"), "wrong", SHORT);
        assertThat(browser.find(By.id("j_username")).getAttribute("value")).isEqualTo(TestUsers.VIEWER);
        browser.driver().manage().deleteAllCookies();
        browser.logIn(TestUsers.VIEWER);
        browser.open("/audit");
        assertThat(browser.find(By.tagName("h1")).getText()).isEqualTo("Your role may not see this page");
        shot("viewer-403");
        browser.driver().manage().deleteAllCookies();

        // The upload page: the disabled button looks disabled; a slow upload shows time left and can be cancelled.
        browser.logIn(TestUsers.OPERATOR);
        browser.open("/jobs/new");
        WebElement button = browser.find(By.id("upload-button"));
        String enabled = color(By.id("upload-button"), "background-color");
        js("document.getElementById('upload-button').disabled = true;");
        assertThat(color(By.id("upload-button"), "background-color")).isNotEqualTo(enabled);
        js("document.getElementById('upload-button').disabled = false;");
        Path bundle = BundleBuilder.generated(300, 600, 60_000, 0).build(Files.createTempFile("talkport-big", ".zip"));
        throttleUploads(Files.size(bundle) / 3);
        browser.find(By.id("file")).sendKeys(bundle.toString());
        button.click();
        browser.awaitText(By.id("upload-status"), "left", SHORT);
        assertThat(browser.find(By.id("upload-cancel")).isDisplayed()).isTrue();
        assertThat(browser.find(By.id("upload-button")).isEnabled()).isFalse();
        shot("uploading");
        browser.find(By.id("upload-cancel")).click();
        browser.awaitText(By.id("upload-status"), "Upload cancelled", SHORT);
        assertThat(browser.find(By.id("upload-cancel")).isDisplayed()).isFalse();

        // Again to the end: "Processing…" once everything is sent, then validation with lines read and time.
        throttleUploads(0);
        // Every text the upload status shows is kept in sessionStorage, which outlives the move to the job page.
        js("sessionStorage.setItem('statuses', '[]'); const s = document.getElementById('upload-status');"
                + "new MutationObserver(() => { const seen = JSON.parse(sessionStorage.getItem('statuses'));"
                + " seen.push(s.textContent); sessionStorage.setItem('statuses', JSON.stringify(seen)); })"
                + ".observe(s, {childList: true, characterData: true, subtree: true});");
        button.click();
        browser.waiting(RUN).until(ExpectedConditions.urlMatches("/jobs/\\d+$"));
        Set<String> progress = new LinkedHashSet<>();
        browser.waiting(RUN).ignoring(WebDriverException.class).until(d -> {
            // One snapshot of the page: read in two steps, the page could finish validating between them.
            @SuppressWarnings("unchecked")
            List<Object> page = (List<Object>) js("const p = document.getElementById('validation-progress');"
                    + " return [p ? p.innerText : null, document.querySelector('main').innerText,"
                    + " !!document.getElementById('count-messages')];");
            if (page.get(0) == null) {
                return (Boolean) page.get(2);
            }
            progress.add(((String) page.get(0)).trim());
            assertThat((String) page.get(1)).doesNotContain("No issues").doesNotContain("0 errors");
            return false;
        });
        assertThat(browser.find(By.id("count-messages")).getText()).isEqualTo("60,000");
        assertThat(String.valueOf(js("return sessionStorage.getItem('statuses');")))
                .as("the upload said it was sent and the server was storing it before the job page")
                .containsPattern("100% · [\\d.]+ [KMG]?B sent · Processing… the server is storing the bundle\\.");
        assertThat(progress).as("validation showed how far it had come, in one of its three forms").isNotEmpty()
                .allMatch(t -> t.matches("(Waiting for a validator…|Validating · .+ elapsed"
                        + "|[\\d,]+ lines? read(, now \\S+)? · .+ elapsed) · this page updates by itself\\."));
        shot("validated-big");
    }

    private void latency(long millis) {
        sandbox.app("sandbox-test").faults().configure(new FaultSettings(0, 0, 0, 1, 0, millis, null), List.of());
    }

    private long failedRun() {
        BundleBuilder bundle = BundleBuilder.create();
        for (int i = 0; i < 12; i++) {
            bundle.user(String.format("u%03d", i), "User " + i);
        }
        bundle.conversation("failing-1", "u010", "u011").message("failing-1", "u010", 1_650_000_000_000L, "hi");
        long id = Jobs.uploadAndValidate("failing.zip", bundle.toBytes()).getLong("id");
        // Staging accepts only valid users: break ten the way only TalkJS notices, a name that is not a string.
        assertThat(new Db(dataSource).update("UPDATE staged_user SET payload = '{\"name\": 42}' WHERE job_id = " + id
                + " AND user_id < 'u010'")).isEqualTo(10);
        given().contentType("application/json").body(Map.of("environment", "test", "addMissingSenders", false))
                .when().post("/api/jobs/" + id + "/runs").then().statusCode(202);
        Jobs.awaitRun(id, "test", RUN, "FAILED");
        return id;
    }

    private static byte[] smallBundle(int users, int conversations, int messagesEach) {
        BundleBuilder bundle = BundleBuilder.create();
        for (int u = 0; u < users; u++) {
            bundle.user("u" + u, "User " + u);
        }
        for (int c = 0; c < conversations; c++) {
            String a = "u" + (c % users);
            String b = "u" + ((c + 1) % users);
            bundle.conversation("c" + c, a, b);
            for (int m = 0; m < messagesEach; m++) {
                bundle.message("c" + c, m % 2 == 0 ? a : b, 1_650_000_000_000L + c * 1_000_000L + m * 1_000L,
                        "message " + m + " of c" + c);
            }
        }
        return bundle.toBytes();
    }

    /** Opens the page, checks that nothing is wider than the window, and saves a screenshot. */
    private void page(String path, int width, String name) {
        browser.open(path);
        browser.waiting(SHORT).until(d -> "complete".equals(js("return document.readyState;")));
        @SuppressWarnings("unchecked")
        List<Long> sizes = (List<Long>) js("return [document.documentElement.scrollWidth, window.innerWidth];");
        assertThat(sizes.get(0)).as("%s at %d px: page width %d, window %d", path, width, sizes.get(0), sizes.get(1))
                .isLessThanOrEqualTo(sizes.get(1));
        shot(width + "-" + name);
    }

    /** The whole page, not only the window: the window grows to the page's height for the shot. */
    private void shot(String name) {
        Dimension window = browser.driver().manage().window().getSize();
        long height = (Long) js("return document.documentElement.scrollHeight;");
        browser.driver().manage().window().setSize(new Dimension(window.getWidth(),
                (int) Math.min(4_000, height + window.getHeight() - (Long) js("return window.innerHeight;"))));
        browser.screenshot(name);
        browser.driver().manage().window().setSize(window);
    }

    private void resize(int width) {
        browser.driver().manage().window().setSize(new Dimension(width, width < 500 ? 844 : 900));
    }

    private WebElement row(long jobId) {
        return browser.find(By.cssSelector("tr[data-job='" + jobId + "']"));
    }

    private WebElement navLink(String text) {
        // By href, not link text: at 390 px the collapsed menu's links have no visible text.
        return browser.find(By.cssSelector("#main-nav a[href='" + Map.of("Jobs", "/jobs").get(text) + "']"));
    }

    private String color(By by, String property) {
        return browser.find(by).getCssValue(property);
    }

    /** Whether the element with this id is within the window (after the page's own scrolling). */
    private boolean inView(String id) {
        return (Boolean) js("const r = document.getElementById('" + id + "').getBoundingClientRect();"
                + " return r.top >= 0 && r.bottom <= window.innerHeight;");
    }

    private Object js(String script) {
        return ((JavascriptExecutor) browser.driver()).executeScript(script);
    }

    /** Limits the browser's upload speed (bytes/s; 0: no limit) through the DevTools protocol. */
    private void throttleUploads(long bytesPerSecond) {
        ChromeDriver chrome = (ChromeDriver) browser.driver();
        chrome.executeCdpCommand("Network.enable", Map.of());
        chrome.executeCdpCommand("Network.emulateNetworkConditions", Map.of("offline", false, "latency", 0,
                "downloadThroughput", -1, "uploadThroughput", bytesPerSecond == 0 ? -1 : bytesPerSecond));
    }
}
