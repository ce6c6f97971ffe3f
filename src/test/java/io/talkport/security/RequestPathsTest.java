package io.talkport.security;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPathsTest {

    @Test
    void everySpellingOfARouteHasOneCanonicalForm() {
        for (String spelling : new String[] {"/api/jobs", "/api/jobs/", "//api/jobs", "/api//jobs", "/api/./jobs",
                "/api/%6Aobs", "/api/jobs;x=1", "/api;v=2/jobs/", "/x/../api/jobs", "/api/jobs?x=1"}) {
            assertThat(RequestPaths.canonical(spelling)).as(spelling).isEqualTo("/api/jobs");
        }
        assertThat(RequestPaths.canonical("")).isEqualTo("/");
        assertThat(RequestPaths.canonical("/../..")).isEqualTo("/");
        assertThat(RequestPaths.canonical("/sandbox/talkjs/v1/a%2Fb/files")).isEqualTo("/sandbox/talkjs/v1/a/b/files");
        assertThat(RequestPaths.canonical("/x/%E2%82%AC/%zz")).isEqualTo("/x/€/%zz");
    }

    @Test
    void matrixParametersAreFoundRawAndEncoded() {
        assertThat(RequestPaths.hasMatrixParameters("/jobs;a=1")).isTrue();
        assertThat(RequestPaths.hasMatrixParameters("/jobs%3Ba=1")).isTrue();
        assertThat(RequestPaths.hasMatrixParameters("/jobs?a=1;b")).isFalse();
        assertThat(RequestPaths.hasMatrixParameters("/jobs/1")).isFalse();
    }

    @Test
    void theMostSpecificBodyLimitPatternWins() {
        BodyLimits limits = new BodyLimits(1_000, 50_000, Map.of(
                "/sandbox/talkjs/**", 16_000L,
                "/sandbox/talkjs/v1/*/files", 26_000L));
        assertThat(limits.limitFor("PUT", "/sandbox/talkjs/v1/app/users/x")).isEqualTo(16_000);
        assertThat(limits.limitFor("POST", "/sandbox/talkjs/v1/app/files")).isEqualTo(26_000);
        assertThat(limits.limitFor("POST", "/sandbox/talkjs/v1/app/files/x")).isEqualTo(16_000);
        assertThat(limits.limitFor("POST", "/sandbox/talkjs")).isEqualTo(16_000);
        assertThat(limits.limitFor("POST", "/api/jobs")).isEqualTo(50_000 + BodyLimits.UPLOAD_ENVELOPE_BYTES);
        assertThat(limits.limitFor("PUT", "/api/jobs")).isEqualTo(1_000);
        assertThat(limits.limitFor("POST", "/api/jobs/1/runs")).isEqualTo(1_000);
    }

    @Test
    void redirectsToThisServerBecomeRelative() {
        assertThat(RelativeRedirects.relative("http://evil.example/login", "evil.example")).isEqualTo("/login");
        assertThat(RelativeRedirects.relative("https://h:8080/jobs/1?notice=x", "h:8080")).isEqualTo("/jobs/1?notice=x");
        assertThat(RelativeRedirects.relative("http://h//evil.example/x", "h")).isEqualTo("/evil.example/x");
        assertThat(RelativeRedirects.relative("https://idp.example/auth", "h")).isNull();
        assertThat(RelativeRedirects.relative("/jobs", "h")).isNull();
    }
}
