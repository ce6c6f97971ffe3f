package io.talkport.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
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
        given().multiPart("file", "big.zip", new byte[300_000], "application/zip")
                .when().post("/api/jobs")
                .then().statusCode(413).contentType(ContentType.JSON)
                .body("error", equalTo("too_large"))
                .body("message", containsString("the largest bundle accepted is 97.7 KB"));
        given().when().get("/api/jobs").then().statusCode(200).body("size()", equalTo(0));
    }
}
