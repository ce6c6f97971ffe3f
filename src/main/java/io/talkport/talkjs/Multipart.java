package io.talkport.talkjs;

import java.io.InputStream;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A streamed {@code multipart/form-data} body for {@code POST /files}: text fields, then the {@code file} part.
 * The file bytes are never held in memory; the length is known up front so the request carries Content-Length.
 */
final class Multipart {

    private final String boundary = "talkport-" + UUID.randomUUID();
    private final Map<String, String> fields = new LinkedHashMap<>();

    Multipart field(String name, String value) {
        if (value != null) {
            fields.put(name, value);
        }
        return this;
    }

    String contentType() {
        return "multipart/form-data; boundary=" + boundary;
    }

    /** The whole body; {@code content} is called once per attempt, so retries re-read the file. */
    BodyPublisher body(String filename, String fileContentType, Supplier<InputStream> content, long size) {
        StringBuilder head = new StringBuilder();
        fields.forEach((name, value) -> head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n")
                .append("Content-Type: text/plain; charset=UTF-8\r\n\r\n")
                .append(value).append("\r\n"));
        head.append("--").append(boundary).append("\r\n")
                .append("Content-Disposition: form-data; name=\"file\"; filename=\"").append(quoted(filename))
                .append("\"\r\n")
                .append("Content-Type: ").append(fileContentType).append("\r\n\r\n");
        byte[] pre = head.toString().getBytes(StandardCharsets.UTF_8);
        byte[] post = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        BodyPublisher all = BodyPublishers.concat(BodyPublishers.ofByteArray(pre),
                BodyPublishers.ofInputStream(content), BodyPublishers.ofByteArray(post));
        return BodyPublishers.fromPublisher(all, pre.length + size + post.length);
    }

    /** Quotes and line breaks would end the header value early; browsers percent-encode them the same way. */
    private static String quoted(String filename) {
        return filename.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
    }
}
