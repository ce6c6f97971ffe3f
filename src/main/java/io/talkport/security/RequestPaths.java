package io.talkport.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One spelling per route for every check Talkport makes on a path (body limits, upload filters, CSRF exemption, the
 * JSON-or-page decision). {@code /api/jobs/}, {@code //api/jobs}, {@code /api/./jobs}, {@code /api/%6Aobs} and
 * {@code /api/jobs;x=1} all become {@code /api/jobs}: segments percent-decoded, empty and {@code .} segments dropped,
 * {@code ..} applied, matrix parameters ({@code ;...}) cut off, no trailing slash.
 */
public final class RequestPaths {

    private RequestPaths() {
    }

    /** The canonical form of a raw request path (without query); {@code "/"} for the root. */
    public static String canonical(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return "/";
        }
        int query = rawPath.indexOf('?');
        String path = query < 0 ? rawPath : rawPath.substring(0, query);
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : path.split("/")) {
            int matrix = raw.indexOf(';');
            String segment = decode(matrix < 0 ? raw : raw.substring(0, matrix));
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                segments.pollLast();
                continue;
            }
            segments.addLast(segment);
        }
        return "/" + String.join("/", segments);
    }

    /** Whether the raw path carries matrix parameters ({@code /jobs;a=1}), raw or percent-encoded. */
    public static boolean hasMatrixParameters(String rawPath) {
        if (rawPath == null) {
            return false;
        }
        int query = rawPath.indexOf('?');
        String path = query < 0 ? rawPath : rawPath.substring(0, query);
        return path.indexOf(';') >= 0 || path.toLowerCase(java.util.Locale.ROOT).contains("%3b");
    }

    /** Whether {@code canonicalPath} is {@code prefix} or below it (both canonical, prefix without trailing slash). */
    public static boolean isUnder(String canonicalPath, String prefix) {
        return canonicalPath.equals(prefix) || canonicalPath.startsWith(prefix + "/");
    }

    /** Percent-decodes one segment as UTF-8; a malformed escape is kept as it is. */
    private static String decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        int i = 0;
        while (i < segment.length()) {
            char c = segment.charAt(i);
            if (c == '%' && i + 2 < segment.length() && hex(segment.charAt(i + 1)) >= 0
                    && hex(segment.charAt(i + 2)) >= 0) {
                bytes.write(hex(segment.charAt(i + 1)) * 16 + hex(segment.charAt(i + 2)));
                i += 3;
            } else {
                int end = segment.indexOf('%', i + 1);
                end = end < 0 ? segment.length() : end;
                bytes.writeBytes(segment.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
