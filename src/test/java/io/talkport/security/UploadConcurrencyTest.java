package io.talkport.security;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.talkport.testsupport.SecurityTestProfile;
import io.talkport.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import static io.talkport.testsupport.TestUsers.OPERATOR;
import static io.talkport.testsupport.TestUsers.VIEWER;
import static io.talkport.testsupport.TestUsers.as;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

/** talkport.upload.max-concurrent-per-user (2): a third upload in progress for the same user gets 429. */
@QuarkusTest
@TestProfile(SecurityTestProfile.class)
class UploadConcurrencyTest {

    @Test
    void aThirdConcurrentUploadOfOneUserIsRefusedUntilOneEnds() throws IOException {
        try (Socket first = startSlowUpload(OPERATOR); Socket second = startSlowUpload(OPERATOR)) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> upload(OPERATOR).then().statusCode(429)
                    .contentType(ContentType.JSON).body("error", equalTo("too_many_uploads"))
                    .body("message", containsString("2 uploads in progress")));
            // Another user is not affected (a viewer may not upload at all: 403, not 429).
            upload(VIEWER).then().statusCode(403);
            upload(TestUsers.ADMIN).then().statusCode(not(429));
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> upload(OPERATOR).then().statusCode(not(429)));
    }

    private static io.restassured.response.Response upload(String user) {
        return as(user).multiPart("file", "tiny.zip", new byte[] {1, 2, 3}, "application/zip")
                .when().post("/api/jobs");
    }

    /** An upload whose body never finishes arriving: the server holds it as in progress. */
    private static Socket startSlowUpload(String user) throws IOException {
        Socket socket = new Socket("localhost", RestAssured.port);
        String credentials = Base64.getEncoder().encodeToString((user + ":" + TestUsers.passwordOf(user))
                .getBytes(StandardCharsets.UTF_8));
        String part = "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"slow.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n";
        String head = "POST /api/jobs HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + credentials + "\r\n"
                + "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 1000000\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write((head + part).getBytes(StandardCharsets.UTF_8));
        out.write(new byte[1000]);
        out.flush();
        return socket;
    }
}
