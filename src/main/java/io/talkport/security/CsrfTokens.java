package io.talkport.security;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * CSRF tokens, a signed double-submit scheme: each browser session holds a random value in the HttpOnly cookie
 * {@value #COOKIE}; pages carry {@code HMAC(key, value | username)} in a meta tag and in every POST form. Another
 * site can neither read the token nor forge one, even if it manages to plant a cookie.
 */
@ApplicationScoped
public class CsrfTokens {

    /** Cookie holding the session's random value. */
    public static final String COOKIE = "talkport-csrf";
    /** Form field carrying the token. */
    public static final String FIELD = "csrf-token";
    /** Header carrying the token (the upload XHR, htmx). */
    public static final String HEADER = "X-CSRF-Token";

    private static final String ISSUED = "talkport.csrf.issued";

    private final SecureRandom random = new SecureRandom();
    private final byte[] key;

    public CsrfTokens(SecurityConfig config) {
        this.key = config.csrfKey().filter(k -> !k.isBlank()).map(k -> k.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> {
                    byte[] generated = new byte[32];
                    random.nextBytes(generated);
                    return generated;
                });
    }

    /** The token for this request's user, issuing the session's cookie first if the browser has none yet. */
    public String tokenFor(RoutingContext request, String username) {
        return sign(sessionValue(request, true), username);
    }

    /** Whether {@code supplied} is the token of this request's session and user. */
    public boolean isValid(RoutingContext request, String username, String supplied) {
        String value = sessionValue(request, false);
        if (value == null || supplied == null || username == null) {
            return false;
        }
        return MessageDigest.isEqual(sign(value, username).getBytes(StandardCharsets.UTF_8),
                supplied.getBytes(StandardCharsets.UTF_8));
    }

    /** Removes the session's value (logout). */
    public void clear(RoutingContext request) {
        request.response().addCookie(Cookie.cookie(COOKIE, "").setPath("/").setMaxAge(0).setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(request.request().isSSL()));
    }

    private String sessionValue(RoutingContext request, boolean issueIfMissing) {
        Cookie cookie = request.request().getCookie(COOKIE);
        if (cookie != null && !cookie.getValue().isBlank()) {
            return cookie.getValue();
        }
        String issued = request.get(ISSUED);
        if (issued != null || !issueIfMissing) {
            return issued;
        }
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        request.put(ISSUED, value);
        request.response().addCookie(Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(request.request().isSSL()));
        return value;
    }

    private String sign(String value, String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] digest = mac.doFinal((value + "|" + username).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
