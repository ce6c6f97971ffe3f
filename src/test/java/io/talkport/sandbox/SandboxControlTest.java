package io.talkport.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.talkport.testsupport.SandboxHandle;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.talkport.sandbox.SandboxTestSupport.API;
import static io.talkport.sandbox.SandboxTestSupport.api;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static io.talkport.sandbox.SandboxTestSupport.json;
import static io.talkport.sandbox.SandboxTestSupport.message;
import static org.assertj.core.api.Assertions.assertThat;

/** The control API through {@link SandboxHandle}, as a test in another process would use it. */
@QuarkusTest
class SandboxControlTest {

    @TestHTTPResource("/")
    URL server;

    SandboxHandle handle;

    @BeforeEach
    void reset() {
        handle = SandboxHandle.at(server.toString(), SandboxHandle.TEST_APP);
        handle.resetEverything();
    }

    @Test
    void stateExportJournalAndReset() {
        conversation("c1", "alice", "bob");
        json().body(List.of(message("alice", "a", 1), message("bob", "b", 2)))
                .post(API + "/import/conversations/c1/messages").then().statusCode(200);
        api().contentType("text/plain").body("x").put(API + "/users/z").then().statusCode(400);

        JsonNode state = handle.state();
        assertThat(state.get("users").asInt()).isEqualTo(2);
        assertThat(state.get("conversations").asInt()).isEqualTo(1);
        assertThat(state.get("messages").asLong()).isEqualTo(2);

        JsonNode export = handle.export();
        assertThat(export.get("mode").asText()).isEqualTo("test");
        assertThat(export.get("users")).hasSize(2);
        JsonNode conversation = export.get("conversations").get(0);
        assertThat(conversation.get("participants").has("bob")).isTrue();
        assertThat(conversation.get("messages").get(0).get("text").asText()).isEqualTo("a");

        JsonNode imports = handle.journal("IMPORT");
        assertThat(imports.get("entries")).hasSize(1);
        JsonNode entry = imports.get("entries").get(0);
        assertThat(entry.get("status").asInt()).isEqualTo(200);
        assertThat(entry.get("itemCount").asInt()).isEqualTo(2);
        assertThat(entry.get("method").asText()).isEqualTo("POST");
        assertThat(entry.get("body").asText()).contains("\"a\"");
        assertThat(handle.journal(null).get("counters").get("callsByRouteAndStatus").get("USER_PUT 400").asInt())
                .isEqualTo(1);

        handle.resetData();
        assertThat(handle.state().get("messages").asLong()).isZero();
        assertThat(handle.journal(null).get("entries").size()).isGreaterThan(0);
        handle.resetEverything();
        assertThat(handle.journal(null).get("entries")).isEmpty();
    }

    @Test
    void handleConfiguresFaults() {
        Map<String, Object> rule = new HashMap<>();
        rule.put("route", "*");
        rule.put("kind", "ERROR_503");
        handle.faults(Map.of("scripts", List.of(rule)));
        api().get(API + "/users").then().statusCode(503);
        api().get(API + "/users").then().statusCode(200);
    }
}
