package io.talkport.benchmark;

import io.talkport.testsupport.SandboxHandle;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The way TalkJS's example import scripts work: one request at a time with a fixed 250 ms pause after each, no
 * parallelism, no adaptive pacing (a 429 is simply waited out for the same 250 ms and retried). For each
 * conversation of the generated bundle's shape it creates the conversation, then imports its messages in batches.
 * Users are created before the measurement window (as the app does in its users phase).
 */
final class NaiveImporter extends Thread {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String apiBase;
    private final String token;
    private final int users;
    private final int messagesPerConversation;
    private final int batchSize;
    final AtomicLong messages = new AtomicLong();
    final AtomicLong calls = new AtomicLong();
    final AtomicLong rejected429 = new AtomicLong();

    NaiveImporter(String talkJsBaseUrl, String appId, String secret, int users, int messagesPerConversation,
                  int batchSize) {
        super("naive-importer");
        this.apiBase = talkJsBaseUrl + "/v1/" + appId;
        this.token = SandboxHandle.appToken(appId, secret, Duration.ofHours(2));
        this.users = users;
        this.messagesPerConversation = messagesPerConversation;
        this.batchSize = batchSize;
        setDaemon(true);
    }

    /** Creates users u1..uN in batches of 100 (not part of the measured window). */
    void createUsers() throws InterruptedException {
        for (int first = 1; first <= users; first += 100) {
            StringBuilder body = new StringBuilder("{");
            for (int u = first; u < Math.min(first + 100, users + 1); u++) {
                body.append(u == first ? "" : ",").append("\"u").append(u).append("\":{\"name\":\"User ").append(u)
                        .append("\"}");
            }
            send("PUT", "/users", body.append('}').toString());
        }
    }

    @Override
    public void run() {
        try {
            for (int c = 1; !isInterrupted(); c++) {
                List<String> participants = new ArrayList<>();
                for (int k = 0; k < 2 + c % 3; k++) {
                    participants.add("\"u" + ((c + k - 1) % users + 1) + "\"");
                }
                send("PUT", "/conversations/naive" + c, "{\"participants\":" + participants + "}");
                for (int sent = 0; sent < messagesPerConversation; sent += batchSize) {
                    int n = Math.min(batchSize, messagesPerConversation - sent);
                    send("POST", "/import/conversations/naive" + c + "/messages", batch(c, sent, n, participants));
                    messages.addAndGet(n);
                }
            }
        } catch (InterruptedException e) {
            // end of the window
        }
    }

    private static String batch(int c, int first, int n, List<String> participants) {
        StringBuilder body = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            body.append(i == 0 ? "" : ",").append("{\"sender\":").append(participants.get(i % participants.size()))
                    .append(",\"text\":\"naive message ").append(first + i).append("\",\"timestamp\":")
                    .append(1_600_000_000_000L + c * 1000L + first + i).append(",\"readBy\":[],\"type\":\"UserMessage\"}");
        }
        return body.append(']').toString();
    }

    /** One call, then the fixed pause; repeats a call answered 429. */
    private void send(String method, String path, String json) throws InterruptedException {
        while (true) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(apiBase + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json)).build();
            int status;
            try {
                status = HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            } catch (java.io.IOException e) {
                status = 0;
            }
            calls.incrementAndGet();
            Thread.sleep(250);
            if (status == 429) {
                rejected429.incrementAndGet();
                continue;
            }
            if (status != 200) {
                throw new IllegalStateException(method + " " + path + " answered " + status);
            }
            return;
        }
    }

    Map<String, Long> counts() {
        return Map.of("messages", messages.get(), "calls", calls.get(), "429", rejected429.get());
    }
}
