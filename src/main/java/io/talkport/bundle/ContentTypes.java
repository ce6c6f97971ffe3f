package io.talkport.bundle;

/** Detects a file's content type from its first bytes (magic numbers), never from its name. */
final class ContentTypes {

    /** How many leading bytes {@link #detect} looks at. */
    static final int HEAD = 16;

    private ContentTypes() {
    }

    static String detect(byte[] h, int n) {
        if (starts(h, n, 0x89, 'P', 'N', 'G')) {
            return "image/png";
        }
        if (starts(h, n, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(h, n, 'G', 'I', 'F', '8')) {
            return "image/gif";
        }
        if (starts(h, n, 'R', 'I', 'F', 'F') && n >= 12) {
            String kind = new String(h, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            return kind.equals("WEBP") ? "image/webp" : kind.equals("WAVE") ? "audio/wav" : "application/octet-stream";
        }
        if (starts(h, n, '%', 'P', 'D', 'F')) {
            return "application/pdf";
        }
        if (starts(h, n, 'P', 'K', 3, 4)) {
            return "application/zip";
        }
        if (n >= 12 && h[4] == 'f' && h[5] == 't' && h[6] == 'y' && h[7] == 'p') {
            return "video/mp4";
        }
        if (starts(h, n, 'I', 'D', '3') || starts(h, n, 0xFF, 0xFB)) {
            return "audio/mpeg";
        }
        if (starts(h, n, 'O', 'g', 'g', 'S')) {
            return "audio/ogg";
        }
        return "application/octet-stream";
    }

    private static boolean starts(byte[] h, int n, int... magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
