package io.talkport.sandbox;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.sandbox.web.SandboxBanner;
import io.talkport.testsupport.BrowserSession;
import io.talkport.testsupport.TestUsers;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.APP;
import static io.talkport.sandbox.SandboxTestSupport.SECRET;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

/** Issue 16 on the sandbox: its files cannot run as the dashboard, bodies wait for auth, reset needs an operator. */
@QuarkusTest
class SandboxSecurityTest {

    @TestHTTPResource("/")
    URL server;
    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    private static String upload(String name, String contentType, byte[] content) {
        String token = api().multiPart("file", name, content, contentType).post(API + "/files").then()
                .statusCode(200).extract().path("attachmentToken");
        return "/sandbox/talkjs/files/" + APP + "/" + token + "/" + name;
    }

    @Test
    void filesAreServedAsDownloadsThatCannotRun() {
        byte[] html = "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
        for (String type : new String[] {"text/html", "image/svg+xml", "application/xhtml+xml", "text/xml",
                "application/javascript", "text/javascript; charset=utf-8", "TEXT/HTML", "application/x-unknown",
                "not a type"}) {
            String path = upload("page.html", type, html);
            given().auth().none().get(path).then().statusCode(200)
                    .header("Content-Type", equalTo("application/octet-stream"))
                    .header("Content-Disposition", startsWith("attachment; filename=\"page.html\""))
                    .header("X-Content-Type-Options", equalTo("nosniff"))
                    .header("Content-Security-Policy", containsString("sandbox; default-src 'none'"));
        }
        String png = upload("cat.png", "image/png", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
        given().auth().none().get(png).then().statusCode(200).header("Content-Type", equalTo("image/png"))
                .header("Content-Disposition", equalTo("attachment; filename=\"cat.png\"; filename*=UTF-8''cat.png"))
                .header("Content-Security-Policy", containsString("sandbox"));
    }

    /** Sends the head of a request that announces a large body, then a little of it, and reads the answer. */
    private String answerBeforeTheBody(String method, String path, String authorization) throws IOException {
        return answerBeforeTheBody(method, path, authorization, 450_000_000L);
    }

    private String answerBeforeTheBody(String method, String path, String authorization, long length)
            throws IOException {
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Length: " + length + "\r\n\r\n{\"name\":\"").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[64 * 1024]);
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] head = new byte[512];
            int read = in.read(head);
            return read <= 0 ? "" : new String(head, 0, read, StandardCharsets.US_ASCII);
        }
    }

    @Test
    void aHugeBodyIsRefusedBeforeItIsRead() throws IOException {
        // 450 MB: over the route's body limit (talkport.http.body-limits, 16M for the sandbox API, 26M for its files),
        // refused before authentication and before the sandbox sees the request.
        assertThat(answerBeforeTheBody("PUT", API + "/users/x", null)).startsWith("HTTP/1.1 413");
        assertThat(answerBeforeTheBody("PUT", API + "/users/x", "Bearer " + SECRET)).startsWith("HTTP/1.1 413");
        assertThat(answerBeforeTheBody("POST", API + "/files", "Bearer " + SECRET)).startsWith("HTTP/1.1 413");
        // 12 MB: within the route's limit, over the sandbox's own (talkjs.sandbox.max-body-size, 10M). The sandbox
        // authenticates before it reads a byte of the body.
        long twelveMegabytes = 12_000_000L;
        assertThat(answerBeforeTheBody("PUT", API + "/users/x", null, twelveMegabytes)).startsWith("HTTP/1.1 401")
                .contains("UNAUTHORIZED");
        assertThat(answerBeforeTheBody("PUT", API + "/users/x", "Bearer wrong", twelveMegabytes))
                .startsWith("HTTP/1.1 401");
        assertThat(answerBeforeTheBody("POST", "/sandbox/talkjs/v1/nope/batch", null, twelveMegabytes))
                .startsWith("HTTP/1.1 404").contains("APP_NOT_FOUND");
        assertThat(answerBeforeTheBody("PUT", API + "/users/x", "Bearer " + SECRET, twelveMegabytes))
                .startsWith("HTTP/1.1 413").contains("REQUEST_TOO_LARGE").contains("talkjs.sandbox.max-body-size");
        assertThat(sandbox.app(APP).journal().counters().callsByRouteAndStatus())
                .containsEntry("USER_PUT 401", 2L).containsEntry("USER_PUT 413", 1L);
        assertThat(sandbox.app(APP).users()).isEmpty();
        given().get("/q/health").then().statusCode(200);
    }

    private static JsonPath latestAudit() {
        return TestUsers.as(TestUsers.ADMIN).get("/api/audit?page=1&size=1").then().statusCode(200)
                .extract().jsonPath();
    }

    @Test
    void aViewerCannotResetAndAnOperatorsResetIsAudited() {
        conversation("c1", "alice");
        TestUsers.as(TestUsers.VIEWER).redirects().follow(false).post("/sandbox/apps/" + APP + "/reset")
                .then().statusCode(403);
        TestUsers.as(TestUsers.VIEWER).post("/sandbox/control/" + APP + "/reset").then().statusCode(403);
        assertThat(sandbox.app(APP).state().users()).isEqualTo(1);
        given().auth().none().redirects().follow(false).get("/sandbox/apps/" + APP).then().statusCode(302);

        TestUsers.as(TestUsers.OPERATOR).redirects().follow(false).post("/sandbox/apps/" + APP + "/reset")
                .then().statusCode(303);
        assertThat(sandbox.app(APP).state().users()).isZero();
        JsonPath audit = latestAudit();
        assertThat(audit.getString("items[0].action")).isEqualTo("sandbox.reset");
        assertThat(audit.getString("items[0].username")).isEqualTo("operator");
        assertThat(audit.getString("items[0].detail")).isEqualTo("sandbox app sandbox-test: reset all data "
                + "(1 user, 1 conversation, 0 messages, 0 files)");

        TestUsers.as(TestUsers.OPERATOR).contentType("application/json").body(Map.of("rate", 5, "burst", 7))
                .put("/sandbox/control/" + APP + "/rate-limit").then().statusCode(200);
        assertThat(latestAudit().getString("items[0].action")).isEqualTo("sandbox.rate-limit");
        assertThat(latestAudit().getString("items[0].detail")).contains("rate 5.0/s, burst 7");
    }

    @Test
    void aBrowserSessionResetsOnlyWithThePagesCsrfToken() {
        conversation("c1", "alice");
        BrowserSession operator = BrowserSession.login(TestUsers.OPERATOR);
        operator.request().post("/sandbox/apps/" + APP + "/reset").then().statusCode(403);
        operator.request().post("/sandbox/control/" + APP + "/reset").then().statusCode(403);
        assertThat(sandbox.app(APP).state().users()).isEqualTo(1);
        String page = operator.get("/sandbox/apps/" + APP).body().asString();
        java.util.regex.Matcher field = java.util.regex.Pattern
                .compile("action=\"/sandbox/apps/" + APP + "/reset\"[^>]*>\\s*<input type=\"hidden\" name=\"csrf-token\" value=\"([^\"]+)\"")
                .matcher(page);
        assertThat(field.find()).as("the reset form carries the CSRF token").isTrue();
        operator.request().formParam("csrf-token", field.group(1)).post("/sandbox/apps/" + APP + "/reset")
                .then().statusCode(303);
        assertThat(sandbox.app(APP).state().users()).isZero();

        BrowserSession viewer = BrowserSession.login(TestUsers.VIEWER);
        viewer.get("/sandbox/apps/" + APP).then().statusCode(200).body(not(containsString("Reset all data")));
    }

    @Test
    void everyPageSaysSoWhenTheSandboxIsOnOutsideDevAndTests() {
        given().get("/jobs").then().statusCode(200).body(not(containsString("sandbox-banner")));
        QuarkusMock.installMockForType(new SandboxBanner(sandbox.config()) {
            @Override
            public boolean isShown() {
                return true;
            }
        }, SandboxBanner.class);
        for (String page : new String[] {"/jobs", "/sandbox", "/audit", "/jobs/new"}) {
            given().get(page).then().statusCode(200).body(containsString("id=\"sandbox-banner\""))
                    .body(containsString("The TalkJS sandbox is on."));
        }
    }
}
