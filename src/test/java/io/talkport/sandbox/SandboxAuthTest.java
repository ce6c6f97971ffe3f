package io.talkport.sandbox;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.talkport.testsupport.SandboxHandle;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static io.restassured.RestAssured.given;
import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.APP;
import static io.talkport.sandbox.SandboxTestSupport.LIVE_SECRET;
import static io.talkport.sandbox.SandboxTestSupport.SECRET;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class SandboxAuthTest {

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
    }

    private static int statusWith(String authorization) {
        var request = given().auth().none();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return request.get(API + "/users?limit=1").then().extract().statusCode();
    }

    @Test
    void secretKeyAndFreshAppTokenAreAccepted() {
        org.assertj.core.api.Assertions.assertThat(statusWith("Bearer " + SECRET)).isEqualTo(200);
        org.assertj.core.api.Assertions.assertThat(
                statusWith("Bearer " + SandboxHandle.appToken(APP, SECRET, Duration.ofSeconds(30)))).isEqualTo(200);
    }

    @Test
    void everythingElseIs401WithJson() {
        given().get(API + "/users?limit=1").then().statusCode(401).contentType("application/json")
                .body("errorCode", equalTo("UNAUTHORIZED"));
        org.assertj.core.api.Assertions.assertThat(new int[]{
                statusWith("Bearer sk_test_wrong"),
                statusWith(SECRET),
                statusWith("Basic " + SECRET),
                statusWith("Bearer " + LIVE_SECRET),
                statusWith("Bearer " + SandboxHandle.appToken("sandbox-live", LIVE_SECRET, Duration.ofSeconds(30))),
                statusWith("Bearer " + SandboxHandle.appToken("sandbox-live", SECRET, Duration.ofSeconds(30))),
                statusWith("Bearer " + SandboxHandle.appToken(APP, LIVE_SECRET, Duration.ofSeconds(30))),
                statusWith("Bearer not.a.jwt")
        }).containsOnly(401);
    }

    @Test
    void expiredTokenIs401ButSmallSkewIsTolerated() {
        String expired = Jwt.claims().issuer(APP).claim("tokenType", "app")
                .issuedAt(Instant.now().minusSeconds(60)).expiresAt(Instant.now().minusSeconds(30)).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret(SECRET);
        String justExpired = Jwt.claims().issuer(APP).claim("tokenType", "app")
                .issuedAt(Instant.now().minusSeconds(30)).expiresAt(Instant.now().minusSeconds(2)).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret(SECRET);
        org.assertj.core.api.Assertions.assertThat(statusWith("Bearer " + expired)).isEqualTo(401);
        org.assertj.core.api.Assertions.assertThat(statusWith("Bearer " + justExpired)).isEqualTo(200);
    }

    @Test
    void userTokenTokenWithoutExpAndOtherAlgorithmsAre401() {
        String userToken = Jwt.claims().issuer(APP).subject("alice").claim("tokenType", "user")
                .expiresAt(Instant.now().plusSeconds(30)).jws().algorithm(SignatureAlgorithm.HS256)
                .signWithSecret(SECRET);
        String noType = Jwt.claims().issuer(APP).expiresAt(Instant.now().plusSeconds(30)).jws()
                .algorithm(SignatureAlgorithm.HS256).signWithSecret(SECRET);
        String hs512 = Jwt.claims().issuer(APP).claim("tokenType", "app").expiresAt(Instant.now().plusSeconds(30))
                .jws().algorithm(SignatureAlgorithm.HS512).signWithSecret(SECRET + SECRET);
        org.assertj.core.api.Assertions.assertThat(new int[]{statusWith("Bearer " + userToken),
                statusWith("Bearer " + noType), statusWith("Bearer " + hs512)}).containsOnly(401);
    }

    @Test
    void unknownRouteIs404Json() {
        SandboxTestSupport.api().get(API + "/nothing/here").then().statusCode(404)
                .contentType("application/json").body("errorCode", equalTo("NOT_FOUND"));
    }
}
