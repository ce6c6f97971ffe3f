package io.talkport.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talkport.db.EmbeddedDatabase;
import io.talkport.testsupport.AppProcess;
import io.talkport.testsupport.SandboxHandle;
import io.talkport.testsupport.TestUsers;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged app with the sandbox on, stopped and started again over the same database (issue 19): the sandbox's
 * export is the same before and after, and a push's worth of writes answered 200 before the stop is all there.
 */
class SandboxRestartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void sandboxContentsSurviveARestart() throws Exception {
        String db = ReliabilityHarness.createDatabase(EmbeddedDatabase.startEphemeral(),
                "sandbox_restart_" + ProcessHandle.current().pid());
        Map<String, String> properties = new LinkedHashMap<>(SandboxHandle.fixedKeys());
        properties.putAll(Map.of("talkjs.sandbox.enabled", "true", "talkport.delivery.enabled", "false"));
        AppProcess process = new AppProcess("sandbox-restart", "512m", Map.of("DB_URL", db, "DB_USER", "postgres",
                "TALKPORT_DATA_DIR", Path.of("target", "it-data", "sandbox-restart").toString(),
                "TALKPORT_ADMIN_PASSWORD", TestUsers.ADMIN_PASSWORD), properties);
        try {
            process.start();
            fill(process.url());
            JsonNode before = export(process.url());
            process.stop();
            process.start();
            JsonNode after = export(process.url());
            assertThat(after).isEqualTo(before);
            assertThat(after.get("conversations").get(0).get("messages")).hasSize(12);
            assertThat(SandboxHandle.at(process.url(), SandboxHandle.TEST_APP).state().get("messages").asLong())
                    .isEqualTo(12);
        } finally {
            process.stop();
        }
    }

    private static void fill(String url) throws Exception {
        call(url, "PUT", "/users", "{\"a\":{\"name\":\"A\",\"custom\":{\"x\":\"1\",\"b\":\"2\"}},\"b\":{\"name\":\"B\"}}");
        call(url, "PUT", "/conversations/c", "{\"participants\":[\"a\",\"b\"],\"subject\":\"S\"}");
        call(url, "PATCH", "/conversations/c/participants/b", "{\"readUntil\":5,\"notify\":\"MentionsOnly\"}");
        StringBuilder documented = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            documented.append(i == 0 ? "" : ",").append("{\"type\":\"UserMessage\",\"sender\":\"a\",\"timestamp\":")
                    .append(i).append(",\"text\":\"d").append(i).append("\",\"readBy\":[\"b\"]}");
        }
        call(url, "POST", "/import/conversations/c/messages", documented.append("]").toString());
        String ids = call(url, "POST", "/import/conversations/c/messages", "[{\"type\":\"UserMessage\","
                + "\"sender\":\"b\",\"createdAt\":20,\"content\":[{\"type\":\"text\",\"children\":[\"r\","
                + "{\"type\":\"italic\",\"children\":[\"ich\"]}]}]},{\"type\":\"SystemMessage\",\"createdAt\":21,"
                + "\"text\":\"s\"}]");
        String id = ids.replaceAll("^\\[\\{\"id\":\"([^\"]+)\".*$", "$1");
        call(url, "PUT", "/conversations/c/messages/" + id + "/reactions/%F0%9F%91%8D/a", "{}");
    }

    private static String call(String url, String method, String path, String body) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url + "/sandbox/talkjs/v1/"
                        + SandboxHandle.TEST_APP + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + SandboxHandle.TEST_SECRET)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, response.body()).isEqualTo(200);
        return response.body();
    }

    private static JsonNode export(String url) {
        ObjectNode export = (ObjectNode) SandboxHandle.at(url, SandboxHandle.TEST_APP).export();
        export.remove("exportedAt");
        return export;
    }
}
