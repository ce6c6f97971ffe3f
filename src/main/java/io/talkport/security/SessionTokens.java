package io.talkport.security;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;

/**
 * The value of the session companion cookie {@value #COOKIE}, issued with every form login next to Quarkus's
 * session cookie: {@code epoch.HMAC(key, user | epoch | SHA-256(user's password))}. A session is valid only while
 * its epoch is the user's current one ({@link SessionEpochs}: logout raises it) and while the user's password is the
 * one it was issued under (passwords come from the environment: a changed password, i.e. a restart with another
 * {@code TALKPORT_*_PASSWORD}, ends every earlier session). The key is the session encryption key
 * ({@code TALKPORT_SESSION_KEY}) when set, so instances sharing it accept each other's sessions; otherwise random
 * per start, like Quarkus's own.
 */
public final class SessionTokens {

    /** Cookie carrying the token. */
    public static final String COOKIE = "talkport-session";

    private final byte[] key;
    private final Function<String, String> passwordOf;

    SessionTokens(byte[] key, Function<String, String> passwordOf) {
        this.key = key.clone();
        this.passwordOf = passwordOf;
    }

    /** From configuration: the session key and the embedded realm's passwords. */
    static SessionTokens fromConfig() {
        Config config = ConfigProvider.getConfig();
        Optional<String> sessionKey = config.getOptionalValue("quarkus.http.auth.session.encryption-key",
                String.class).filter(k -> !k.isBlank());
        byte[] key = sessionKey.map(k -> ("talkport-session|" + k).getBytes(StandardCharsets.UTF_8)).orElseGet(() -> {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        });
        return new SessionTokens(key, user -> config.getOptionalValue(
                "quarkus.security.users.embedded.users." + user, String.class).orElse(""));
    }

    /** The token of a session of {@code user} issued in {@code epoch}. */
    public String issue(String user, long epoch) {
        return epoch + "." + sign(user, epoch);
    }

    /** Whether {@code token} belongs to {@code user}, to {@code currentEpoch} and to the user's current password. */
    public boolean isValid(String user, String token, long currentEpoch) {
        if (token == null || user == null) {
            return false;
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || !token.substring(0, dot).equals(Long.toString(currentEpoch))) {
            return false;
        }
        return MessageDigest.isEqual(sign(user, currentEpoch).getBytes(StandardCharsets.US_ASCII),
                token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII));
    }

    private String sign(String user, long epoch) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String message = user + "|" + epoch + "|" + sha256(passwordOf.apply(user));
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static String sha256(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
