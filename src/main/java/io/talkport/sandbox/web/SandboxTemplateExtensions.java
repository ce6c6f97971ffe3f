package io.talkport.sandbox.web;

import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Display helpers for the sandbox pages. */
@TemplateExtension(namespace = "sandbox")
public class SandboxTemplateExtensions {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** A path segment, URL-encoded: {@code /sandbox/apps/{sandbox:segment(app.appId)}}. */
    static String segment(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Epoch milliseconds as a UTC timestamp: {@code {sandbox:time(message.createdAt)}}. */
    static String time(long millis) {
        return TIME.format(Instant.ofEpochMilli(millis));
    }
}
