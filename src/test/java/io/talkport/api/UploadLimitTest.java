package io.talkport.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@TestProfile(UploadLimitTest.SmallLimit.class)
class UploadLimitTest {

    public static class SmallLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkport.upload.max-bytes", "100000");
        }
    }

    @Test
    void aBundleOverTheLimitGets413WithTheLimitInTheMessage() {
        // REST Assured streams a multipart body chunked (no Content-Length): it is cut off with a bare 413 as soon as
        // it passes the limit (BodyLimitFilter). A declared Content-Length gets the JSON answer before any byte is
        // read: security.BodyLimitTest checks its message on every spelling of the route.
        given().multiPart("file", "big.zip", new byte[300_000], "application/zip")
                .when().post("/api/jobs")
                .then().statusCode(413);
        given().when().get("/api/jobs").then().statusCode(200).body("size()", equalTo(0));
    }
}
