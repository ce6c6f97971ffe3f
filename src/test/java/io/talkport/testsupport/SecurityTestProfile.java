package io.talkport.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.Map;

/**
 * Security tests: no delivery workers, so runs stay where a test puts them (it moves run states in the database to
 * reach pause, resume, retry and promotion without a TalkJS app).
 */
public class SecurityTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("talkport.delivery.enabled", "false");
    }
}
