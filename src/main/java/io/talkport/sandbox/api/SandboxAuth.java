package io.talkport.sandbox.api;

import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.HmacKey;

import java.util.List;

/**
 * TalkJS REST authentication: {@code Bearer <secret key>} (legacy) or {@code Bearer <JWT>} signed HS256 with the
 * app's secret, {@code tokenType "app"}, {@code iss} = app id and an {@code exp} in the future. Anything else is 401.
 */
@ApplicationScoped
class SandboxAuth {

    private final SandboxConfig config;

    SandboxAuth(SandboxConfig config) {
        this.config = config;
    }

    void authenticate(SandboxApp app, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw unauthorized("The Authorization header must be 'Bearer <secret key or app token>'");
        }
        String token = authorization.substring(7).trim();
        if (app.isSecretKey(token)) {
            return;
        }
        if (token.chars().filter(c -> c == '.').count() != 2) {
            throw unauthorized("The secret key or token is not valid for this app");
        }
        verifyJwt(app, token);
    }

    private void verifyJwt(SandboxApp app, String token) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(config.jwtSkewSeconds())
                .setExpectedIssuer(true, app.id())
                .setSkipDefaultAudienceValidation()
                .setVerificationKey(new HmacKey(app.secretKeyBytes()))
                .setRelaxVerificationKeyValidation() // short secrets are the app's business, not a reason for 401
                .setJwsAlgorithmConstraints(new AlgorithmConstraints(
                        AlgorithmConstraints.ConstraintType.PERMIT, AlgorithmIdentifiers.HMAC_SHA256))
                .build();
        JwtClaims claims;
        try {
            claims = consumer.processToClaims(token);
        } catch (InvalidJwtException e) {
            throw unauthorized(e.hasExpired() ? "The app token has expired"
                    : "The app token is not valid for this app");
        }
        if (!"app".equals(claims.getClaimValue("tokenType"))) {
            throw unauthorized("The REST API needs an app token (tokenType \"app\")");
        }
    }

    private static SandboxException unauthorized(String reason) {
        return new SandboxException(401, "UNAUTHORIZED", List.of(reason));
    }
}
