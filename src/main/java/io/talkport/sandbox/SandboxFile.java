package io.talkport.sandbox;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** An uploaded file held in memory; {@code token} is its opaque, app-scoped attachment/file token. */
public record SandboxFile(String appId, String token, String filename, String contentType, String subtype,
                          Integer width, Integer height, Double duration, byte[] bytes) {

    public int size() {
        return bytes.length;
    }

    /** Path (relative to the server root) that serves the bytes. */
    public String path() {
        return "/sandbox/talkjs/files/" + encode(appId) + "/" + token + "/" + encode(filename);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
