package io.talkport.talkjs;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Builds the {@code Authorization} header for one app: an HS256 app token ({@code tokenType: "app"},
 * {@code iss} = app id, {@code iat}, {@code exp}) signed with the secret key and reused until shortly before it
 * expires, or, in legacy mode, the secret key itself. The header value is never logged or put in a message.
 */
final class AppTokens {

    private static final Duration MAX_TTL = Duration.ofSeconds(60);

    private final String appId;
    private final TalkJsSecret secret;
    private final TalkJsConfig.AuthMode mode;
    private final Duration ttl;
    private final Duration refreshMargin;
    private final Clock clock;

    private String token;
    private Instant refreshAt = Instant.MIN;

    AppTokens(String appId, TalkJsSecret secret, TalkJsConfig.AuthMode mode, TalkJsConfig.Auth auth, Clock clock) {
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
        try {
            return Jwt.claims().issuer(appId).claim("tokenType", "app")
                    .issuedAt(issuedAt.getEpochSecond()).expiresAt(expiresAt.getEpochSecond())
                    .jws().algorithm(SignatureAlgorithm.HS256).signWithSecret(secret.reveal());
        } catch (RuntimeException e) {
            // The signing library's message could describe the key; keep only the type.
            throw new IllegalStateException("Could not sign a TalkJS app token for app " + appId + " ("
                    + e.getClass().getSimpleName() + "); HS256 needs a secret key of at least 32 characters");
        }
    }
}
