package io.talkport.sandbox;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.talkport.sandbox.SandboxTestSupport.SECRET;
import static io.talkport.sandbox.SandboxTestSupport.conversation;
import static org.assertj.core.api.Assertions.assertThat;

/** Many workers importing at once: every message stored exactly once, counts consistent. */
@QuarkusTest
class SandboxConcurrencyTest {

    private static final int CONVERSATIONS = 8;
    private static final int CALLS_PER_CONVERSATION = 40;

    @TestHTTPResource("/sandbox/talkjs/v1/sandbox-test")
    URL api;

    @Inject
    TalkJsSandbox sandbox;

    @BeforeEach
    void reset() {
        sandbox.resetAll();
        sandbox.app("sandbox-test").rateLimiter().configure(0, 1);
    }

    @Test
    void parallelImportsAreAllStoredOnce() throws Exception {
        for (int c = 0; c < CONVERSATIONS; c++) {
            conversation("c" + c, "alice", "bob");
        }
        HttpClient http = HttpClient.newHttpClient();
        ExecutorService workers = Executors.newFixedThreadPool(16);
        List<Future<Integer>> results = new ArrayList<>();
        for (int call = 0; call < CALLS_PER_CONVERSATION; call++) {
            for (int c = 0; c < CONVERSATIONS; c++) {
                String body = batch(call);
                URI uri = URI.create(api + "/import/conversations/c" + c + "/messages");
                results.add(workers.submit(() -> http.send(HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + SECRET).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()));
            }
        }
        for (Future<Integer> result : results) {
            assertThat(result.get()).isEqualTo(200);
        }
        workers.shutdown();
        SandboxApp app = sandbox.app("sandbox-test");
        assertThat(app.state().messages()).isEqualTo(CONVERSATIONS * CALLS_PER_CONVERSATION * 10L);
        for (int c = 0; c < CONVERSATIONS; c++) {
            List<SandboxMessage> all = app.conversation("c" + c).allMessages();
            assertThat(all).hasSize(CALLS_PER_CONVERSATION * 10);
            assertThat(all.stream().map(SandboxMessage::id).distinct()).hasSize(all.size());
        }
        assertThat(app.journal().counters().callsByRouteAndStatus().get("IMPORT 200"))
                .isEqualTo((long) CONVERSATIONS * CALLS_PER_CONVERSATION);
    }

    private static String batch(int call) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < 10; i++) {
            json.append(i == 0 ? "" : ",").append("{\"type\":\"UserMessage\",\"sender\":\"")
                    .append(i % 2 == 0 ? "alice" : "bob").append("\",\"text\":\"m").append(call).append('-')
                    .append(i).append("\",\"timestamp\":").append(call * 10L + i).append(",\"readBy\":[]}");
        }
        return json.append(']').toString();
    }
}
