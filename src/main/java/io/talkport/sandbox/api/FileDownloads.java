package io.talkport.sandbox.api;

import io.talkport.sandbox.SandboxFile;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the sandbox serves an uploaded file: as a download that a browser can never run on the dashboard's origin.
 * Anyone with a sandbox key may upload anything, and the file's link is on the dashboard's own host, so every
 * answer carries {@code Content-Disposition: attachment}, {@code X-Content-Type-Options: nosniff} and a sandboxing
 * Content-Security-Policy ({@code sandbox; default-src 'none'}), and only inert media types are served as
 * uploaded: anything else (HTML, SVG, XML, scripts, unknown types) is {@code application/octet-stream}.
 * Issue 16, finding 1.
 */
final class FileDownloads {

    /**
     * No script, no plugin, no same origin, nothing loads. A browser enforces every policy of an answer, so with the
     * dashboard's own (quarkus.http.header) it stays at least this strict.
     */
    static final String CSP = "sandbox; default-src 'none'";

    static final String OCTET_STREAM = "application/octet-stream";

    /** Image types a browser only ever decodes as pixels (SVG, an XML document with scripts, is not one). */
    private static final Set<String> INERT_IMAGES = Set.of("image/png", "image/jpeg", "image/gif", "image/webp",
            "image/bmp", "image/avif", "image/heic", "image/tiff", "image/x-icon", "image/vnd.microsoft.icon");
    private static final Set<String> INERT_OTHER = Set.of("application/pdf", "text/plain", "application/zip");
    private static final Pattern MEDIA_TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*");

    private FileDownloads() {
    }

    /**
     * The Content-Type to serve for an uploaded type: the type itself (parameters dropped) when it is an inert image,
     * audio, video, PDF, plain text or zip, otherwise {@value #OCTET_STREAM}. Plain text is served with
     * {@code charset=utf-8}, so that no browser guesses an encoding.
     */
    static String servedType(String uploaded) {
        if (uploaded == null) {
            return OCTET_STREAM;
        }
        int semicolon = uploaded.indexOf(';');
        String type = (semicolon < 0 ? uploaded : uploaded.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        if (!MEDIA_TYPE.matcher(type).matches() || type.contains("xml") || type.contains("script")
                || type.contains("html")) {
            return OCTET_STREAM;
        }
        if (INERT_IMAGES.contains(type) || INERT_OTHER.contains(type) || type.startsWith("audio/")
                || type.startsWith("video/")) {
            return type.equals("text/plain") ? "text/plain; charset=utf-8" : type;
        }
        return OCTET_STREAM;
    }

    /** The 200 answer with the file's bytes and the headers above. */
    static Response of(SandboxFile file) {
        return Response.ok(file.bytes(), servedType(file.contentType()))
                .header("Content-Length", file.size())
                .header("Content-Disposition", disposition(file.filename()))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", CSP)
                .header("Cross-Origin-Resource-Policy", "same-origin")
                .header("Cache-Control", "private, no-store")
                .build();
    }

    /** {@code attachment} with an ASCII fallback name and the exact name in RFC 5987 form. */
    static String disposition(String filename) {
        StringBuilder ascii = new StringBuilder();
        for (char c : filename.toCharArray()) {
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' && c != ';' ? c : '_');
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + rfc5987(filename);
    }

    private static String rfc5987(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "!#$&+-.^_`|~".indexOf(c) >= 0) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return out.toString();
    }
}
