package io.talkport.sandbox;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.testsupport.Chromium;
import io.talkport.testsupport.TestUsers;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;

import java.net.URL;
import java.nio.charset.StandardCharsets;

import static io.talkport.sandbox.SandboxTestSupport.APP;
import static io.talkport.sandbox.SandboxTestSupport.SECRET;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The sandbox in a real headless Chromium: a file uploaded through the sandbox API (issue 16, finding 1) cannot run
 * as the dashboard when a logged-in admin opens its link, and the app page's "Reset all data" button works.
 */
@QuarkusTest
class SandboxBrowserTest {

    /** What the uploaded script does when it runs: marks the page and writes to the sandbox through its API. */
    private static final String EVIL_SCRIPT = """
            document.title = 'pwned';
            fetch('/sandbox/talkjs/v1/sandbox-test/users/pwned', {method: 'PUT',
                headers: {'Authorization': 'Bearer %s', 'Content-Type': 'application/json'},
                body: JSON.stringify({name: 'pwned'})});
            """.formatted(SECRET);

    @TestHTTPResource("/")
    URL app;
    @Inject
    TalkJsSandbox sandbox;

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
            browser.screenshot("end");
            browser.close();
        }
    }

    private static String upload(String name, String contentType, String content) {
        String token = api().multiPart("file", name, content.getBytes(StandardCharsets.UTF_8), contentType)
                .post("/sandbox/talkjs/v1/" + APP + "/files").then().statusCode(200)
                .extract().path("attachmentToken");
        return "/sandbox/talkjs/files/" + APP + "/" + token + "/" + name;
    }

    @Test
    void anUploadedPageWithAScriptDoesNotRunAsTheDashboard() throws InterruptedException {
        String script = upload("evil.js", "application/javascript", EVIL_SCRIPT);
        String html = upload("evil.html", "text/html",
                "<!DOCTYPE html><html><head><title>innocent</title><script src=\"" + script
                        + "\"></script></head><body><script>" + EVIL_SCRIPT + "</script>hello</body></html>");
        String svg = upload("evil.svg", "image/svg+xml",
                "<svg xmlns=\"http://www.w3.org/2000/svg\"><script href=\"" + script + "\"/></svg>");
        String xhtml = upload("evil.xhtml", "application/xhtml+xml",
                "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><script src=\"" + script
                        + "\"/></head><body>x</body></html>");

        browser.logIn(TestUsers.ADMIN);
        for (String path : new String[] {html, svg, xhtml, script}) {
            browser.open(path);
            Thread.sleep(700); // time for a script that did run to reach the server
            String title = (String) ((JavascriptExecutor) browser.driver()).executeScript("return document.title;");
            assertThat(title).as("title after opening %s", path).isNotEqualTo("pwned");
            assertThat(sandbox.app(APP).user("pwned")).as("the script of %s called the API", path).isNull();
        }
        browser.screenshot("after-opening-files");
    }

    @Test
    void theResetButtonOfAnAppPageClearsTheApp() {
        SandboxTestSupport.conversation("c1", "alice", "bob");
        browser.logIn(TestUsers.OPERATOR);
        browser.open("/sandbox/apps/" + APP);
        browser.awaitText(By.tagName("main"), "2 users", java.time.Duration.ofSeconds(10));
        browser.find(By.cssSelector("summary[aria-label='Reset all data of sandbox app " + APP + "']")).click();
        // The first click only opens the confirmation: nothing is deleted yet.
        assertThat(sandbox.app(APP).state().users()).isEqualTo(2);
        browser.find(By.id("reset-app-yes")).click();
        browser.awaitText(By.tagName("main"), "0 users · 0 conversations", java.time.Duration.ofSeconds(10));
        assertThat(browser.path()).isEqualTo("/sandbox/apps/" + APP);
        assertThat(sandbox.app(APP).state().users()).isZero();
        assertThat(browser.find(By.id("reset-note")).getText()).startsWith("All data reset at ")
                .endsWith(" by " + TestUsers.OPERATOR + ": 2 users, 1 conversation, 0 messages, 0 files deleted.");
    }
}
