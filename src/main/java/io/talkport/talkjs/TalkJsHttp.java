package io.talkport.talkjs;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * Package-private transport to the TalkJS REST API. We use {@link java.net.http.HttpClient} rather than a
 * MicroProfile REST client because the facade needs exact control the REST client hides or makes awkward: the raw
 * status of every attempt (a 429 must not look like a failure, an import 5xx must never be retried by the
 * stack), the {@code Retry-After} header, a streamed multipart upload with a known length, and per-call timeouts.
 * It performs exactly one HTTP exchange per call: no redirects, no retries, no interpretation.
 */
final class TalkJsHttp {

    /** One raw answer from TalkJS. */
    record Response(int status, Optional<String> retryAfter, byte[] body) {

        boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** The body as text, cut to {@code max} characters, for error messages and debug logs. */
        String bodySnippet(int max) {
            String text = new String(body, StandardCharsets.UTF_8).strip();
            return text.length() <= max ? text : text.substring(0, max) + "... (" + text.length() + " chars)";
        }
    }

    private final HttpClient client;

    TalkJsHttp(Duration connectTimeout) {
        this.client = HttpClient.newBuilder()
                // HTTP/1.1: no h2c upgrade dance on the plain-http sandbox, and one request per exchange.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    Response exchange(String method, URI uri, String authorization, String contentType,
            HttpRequest.BodyPublisher body, Duration timeout) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return new Response(response.statusCode(), response.headers().firstValue("Retry-After"), response.body());
    }
}
