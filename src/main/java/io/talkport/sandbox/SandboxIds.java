package io.talkport.sandbox;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ThreadLocalRandom;

/** Generates TalkJS-shaped ids and unguessable file tokens. */
public final class SandboxIds {

    private static final char[] BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom SECURE = new SecureRandom();

    private SandboxIds() {
    }

    /** {@code msg_} plus 22 base62 characters, like TalkJS. Uniqueness, not secrecy, matters here. */
    public static String messageId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[26];
        id[0] = 'm';
        id[1] = 's';
        id[2] = 'g';
        id[3] = '_';
        for (int i = 4; i < id.length; i++) {
            id[i] = BASE62[random.nextInt(62)];
        }
        return new String(id);
    }

    /** 256 random bits, base64url: cannot be guessed or derived from another app's tokens. */
    public static String fileToken() {
        byte[] bytes = new byte[32];
        SECURE.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
