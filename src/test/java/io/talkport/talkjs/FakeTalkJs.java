package io.talkport.talkjs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * A minimal scriptable TalkJS stand-in for client tests: replies come from a queue of scripted answers, then from
 * a default responder; every request is journaled. Not the sandbox: no state, no validation.
 */
final class FakeTalkJs implements AutoCloseable {

    /** A journaled request. */
    record Request(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body,
            long receivedAtNanos) {

        String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0)).findFirst().orElse(null);
        }

        String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer; {@code status} 0 closes the connection without answering (connection reset). */
    record Reply(int status, String body, Map<String, String> headers, long delayMillis) {

        static Reply json(int status, String body) {
            return new Reply(status, body, Map.of(), 0);
        }

        static Reply ok() {
            return json(200, "{}");
        }

        Reply withHeader(String name, String value) {
            Map<String, String> all = new java.util.HashMap<>(headers);
            all.put(name, value);
            return new Reply(status, body, all, delayMillis);
        }

        Reply delayed(long millis) {
            return new Reply(status, body, headers, millis);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final ConcurrentLinkedDeque<Reply> script = new ConcurrentLinkedDeque<>();
    private final List<Request> journal = new CopyOnWriteArrayList<>();
    private volatile Function<Request, Reply> responder = request -> Reply.ok();

    FakeTalkJs() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Queues answers for the next requests, in order. */
    FakeTalkJs then(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Answers requests once the script is used up. */
    FakeTalkJs otherwise(Function<Request, Reply> responder) {
        this.responder = responder;
        return this;
    }

    List<Request> requests() {
        return new ArrayList<>(journal);
    }

    private void handle(HttpExchange exchange) throws IOException {
        Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                exchange.getRequestURI().getRawQuery(), Map.copyOf(exchange.getRequestHeaders()),
                exchange.getRequestBody().readAllBytes(), System.nanoTime());
        journal.add(request);
        Reply reply = script.poll();
        if (reply == null) {
            reply = responder.apply(request);
        }
        try {
            if (reply.delayMillis() > 0) {
                Thread.sleep(reply.delayMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (reply.status() == 0) { // no answer at all: drop the connection
            exchange.close();
            return;
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        reply.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
