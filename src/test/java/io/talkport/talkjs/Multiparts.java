package io.talkport.talkjs;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Just enough multipart/form-data parsing to check what the client uploads. */
final class Multiparts {

    record Part(String filename, String contentType, byte[] bytes) {
        String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    private static final Pattern NAME = Pattern.compile("name=\"([^\"]*)\"");
    private static final Pattern FILENAME = Pattern.compile("filename=\"([^\"]*)\"");

    private Multiparts() {
    }

    static Map<String, Part> parse(byte[] body, String contentType) {
        String boundary = "--" + contentType.substring(contentType.indexOf("boundary=") + 9);
        // ISO-8859-1 maps bytes 1:1 to chars, so binary content survives the string split.
        String all = new String(body, StandardCharsets.ISO_8859_1);
        if (!all.endsWith(boundary + "--\r\n")) {
            throw new AssertionError("multipart body does not end with the closing boundary");
        }
        Map<String, Part> parts = new LinkedHashMap<>();
        for (String chunk : all.split(Pattern.quote(boundary))) {
            if (chunk.isEmpty() || chunk.startsWith("--")) {
                continue;
            }
            int split = chunk.indexOf("\r\n\r\n");
            String headers = chunk.substring(2, split);
            String content = chunk.substring(split + 4, chunk.length() - 2);
            Matcher name = NAME.matcher(headers);
            name.find();
            Matcher filename = FILENAME.matcher(headers);
            String type = headers.lines().filter(l -> l.toLowerCase().startsWith("content-type:"))
                    .map(l -> l.substring(13).trim()).findFirst().orElse(null);
            parts.put(name.group(1), new Part(filename.find() ? filename.group(1) : null, type,
                    content.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return parts;
    }
}
