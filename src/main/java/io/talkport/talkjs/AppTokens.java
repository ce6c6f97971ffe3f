package io.talkport.talkjs;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;

/**
 * Builds the {@code Authorization} header for one app: an HS256 app token ({@code tokenType: "app"},
 * {@code iss} = app id, {@code iat}, {@code exp}) signed with the secret key and reused until shortly before it
 * expires, or, in legacy mode, the secret key itself. The header value is never logged or put in a message.
 *
 * <p>The token is signed here with HMAC-SHA256 rather than through a JWT library: those refuse HS256 keys shorter
 * than 256 bits (RFC 7518 section 3.2), while TalkJS signs and accepts app tokens with whatever secret key its
 * dashboard shows (its token examples sign with the key as given; see ../shared/talkjs-api.md, "Authentication").
 * A key of any length therefore signs; only an empty key cannot, and {@link TalkJsSecret} already refuses that.
 */
final class AppTokens {

    private static final Duration MAX_TTL = Duration.ofSeconds(60);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();

    private final TalkJsEnvironment environment;
    private final String appId;
    private final TalkJsSecret secret;
    private final TalkJsConfig.AuthMode mode;
    private final Duration ttl;
    private final Duration refreshMargin;
    private final Clock clock;

    private String token;
    private Instant refreshAt = Instant.MIN;

    AppTokens(TalkJsEnvironment environment, String appId, TalkJsSecret secret, TalkJsConfig.AuthMode mode,
              TalkJsConfig.Auth auth, Clock clock) {
        this.environment = environment;
        this.appId = appId;
        this.secret = secret;
        this.mode = mode;
        this.ttl = auth.tokenTtl().compareTo(MAX_TTL) > 0 ? MAX_TTL : auth.tokenTtl();
        this.refreshMargin = auth.tokenRefreshMargin().compareTo(ttl) >= 0 ? Duration.ZERO
                : auth.tokenRefreshMargin();
        this.clock = clock;
    }

    String authorizationHeader() {
        if (mode == TalkJsConfig.AuthMode.SECRET_KEY) {
            return "Bearer " + secret.reveal();
        }
        return "Bearer " + currentToken();
    }

    private synchronized String currentToken() {
        Instant now = clock.instant();
        if (token == null || !now.isBefore(refreshAt)) {
            Instant issuedAt = now.minusSeconds(1); // tolerates a server clock that is slightly behind
            Instant expiresAt = now.plus(ttl);
            token = sign(issuedAt, expiresAt);
            refreshAt = expiresAt.minus(refreshMargin);
        }
        return token;
    }

    private String sign(Instant issuedAt, Instant expiresAt) {
        String header = base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}");
        String claims = base64Url("{\"tokenType\":\"app\",\"iss\":" + jsonString(appId) + ",\"iat\":"
                + issuedAt.getEpochSecond() + ",\"exp\":" + expiresAt.getEpochSecond() + "}");
        String signingInput = header + "." + claims;
        return signingInput + "." + ENCODER.encodeToString(hmacSha256(signingInput));
    }

    private byte[] hmacSha256(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // Only an empty key gets here; the library's message could describe the key, so keep only the type.
            throw new TalkJsNotConfiguredException(environment, "a non-empty secret key for app " + appId
                    + " (HMAC-SHA256 signing failed: " + e.getClass().getSimpleName() + ")");
        }
    }

    private static String base64Url(String json) {
        return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON string literal: app ids are plain ASCII in practice, but quotes and controls are escaped anyway. */
    static String jsonString(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
