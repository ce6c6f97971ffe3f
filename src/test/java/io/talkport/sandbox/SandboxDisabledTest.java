package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.api;

@QuarkusTest
@TestProfile(SandboxDisabledTest.Disabled.class)
class SandboxDisabledTest {

    /** As in production: {@code talkjs.sandbox.enabled=false}. */
    public static class Disabled implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("talkjs.sandbox.enabled", "false");
        }
    }

    @Test
    void everySandboxPathIs404() {
        api().get(API + "/users").then().statusCode(404);
        api().contentType("application/json").body("{\"name\":\"x\"}").put(API + "/users/x").then().statusCode(404);
        given().get("/sandbox").then().statusCode(404);
        given().get("/sandbox/apps/sandbox-test").then().statusCode(404);
        given().get("/sandbox/control/sandbox-test/state").then().statusCode(404);
        given().post("/sandbox/control/sandbox-test/reset").then().statusCode(404);
        given().get("/q/health").then().statusCode(200);
    }
}
