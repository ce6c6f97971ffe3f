package io.talkport.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/** JSON over HTTP with HTTP Basic as {@code admin}, for the app's API, its metrics and the sandbox control API. */
final class BenchHttp {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String authorization;

    BenchHttp(String baseUrl, String adminPassword) {
        this.baseUrl = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
    }

    JsonNode get(String path) {
        return parse(send("GET", path, null, null));
    }

    String getText(String path) {
        return send("GET", path, null, null);
    }

    JsonNode put(String path, Object body) {
        return parse(send("PUT", path, "application/json", json(body)));
    }

    JsonNode post(String path, Object body) {
        return parse(send("POST", path, "application/json", body == null ? BodyPublishers.noBody() : json(body)));
    }

    JsonNode delete(String path) {
        return parse(send("DELETE", path, null, null));
    }

    /** POST /api/jobs with the archive as multipart part {@code file}, streamed from disk. */
    JsonNode upload(Path archive) {
        String boundary = "bench" + System.nanoTime();
        String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + archive.getFileName() + "\"\r\nContent-Type: application/zip\r\n\r\n";
        try {
            BodyPublisher body = BodyPublishers.concat(BodyPublishers.ofString(head), BodyPublishers.ofFile(archive),
                    BodyPublishers.ofString("\r\n--" + boundary + "--\r\n"));
            return parse(send("POST", "/api/jobs", "multipart/form-data; boundary=" + boundary, body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BodyPublisher json(Object body) {
        try {
            return BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String send(String method, String path, String contentType, BodyPublisher body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofMinutes(5)).header("Authorization", authorization)
                .method(method, body == null ? BodyPublishers.noBody() : body);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return body == null || body.isBlank() ? JSON.nullNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
