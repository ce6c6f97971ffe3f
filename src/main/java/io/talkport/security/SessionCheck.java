package io.talkport.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.quarkus.vertx.http.runtime.security.SecurityHandlerPriorities;
import io.talkport.api.ApiError;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Set;

/**
 * Makes browser sessions end on the server. Quarkus's form-login cookie is stateless (it only says who and until
 * when), so a copied cookie would outlive "Log out". Each form login also gets the companion cookie
 * {@value SessionTokens#COOKIE} ({@link SessionTokens}: the user's session epoch and password); every request that
 * carries a session cookie must carry a companion valid for the authenticated user, the current epoch
 * ({@link SessionEpochs}) and the current password, or it is refused like an expired session (pages: redirect to
 * the login page; API: 401 JSON) and both cookies are removed.
 */
@ApplicationScoped
public class SessionCheck {

    /** Before Quarkus's authentication: installs the hook that sees the login's answer. */
    private static final int BEFORE_AUTHENTICATION = 900;
    /** After authentication (the identity is known), before the login-form handler and authorization. */
    private static final int AFTER_AUTHENTICATION = (SecurityHandlerPriorities.AUTHENTICATION
            + SecurityHandlerPriorities.FORM_AUTHENTICATION) / 2;
    private static final String LOGIN_POST = "/j_security_check";
    /** Public paths: they need no session, so an ended one does not stand in their way. */
    private static final Set<String> PUBLIC = Set.of(LOGIN_POST, "/login", "/css", "/js", "/webjars", "/favicon.ico",
            "/q/health");

    private final SessionEpochs epochs;
    private final SessionTokens tokens = SessionTokens.fromConfig();
    private final String sessionCookie;

    public SessionCheck(SessionEpochs epochs, @ConfigProperty(name = "quarkus.http.auth.form.cookie-name",
            defaultValue = "quarkus-credential") String sessionCookie) {
        this.epochs = epochs;
        this.sessionCookie = sessionCookie;
    }

    void register(@Observes Filters filters) {
        filters.register(this::onLogin, BEFORE_AUTHENTICATION);
        filters.register(this::check, AFTER_AUTHENTICATION);
    }

    /** Ends every session of {@code user} (logout) and removes this browser's companion cookie. */
    public void end(RoutingContext routing, String user) {
        epochs.end(user);
        routing.response().addCookie(cookie(routing, "").setMaxAge(0));
    }

    /** A successful form login redirects anywhere but back to the login page: then the companion is issued. */
    private void onLogin(RoutingContext routing) {
        if ("POST".equals(routing.request().method().name())
                && LOGIN_POST.equals(RequestPaths.canonical(routing.request().path()))) {
            routing.addHeadersEndHandler(v -> {
                String location = routing.response().headers().get(HttpHeaders.LOCATION);
                String user = routing.request().getFormAttribute("j_username");
                if (routing.response().getStatusCode() == 302 && location != null && !location.contains("/login")
                        && user != null) {
                    routing.response().headers().add(HttpHeaders.SET_COOKIE,
                            cookie(routing, tokens.issue(user, epochs.current(user))).encode());
                }
            });
        }
        routing.next();
    }

    private void check(RoutingContext routing) {
        Cookie session = routing.request().getCookie(sessionCookie);
        if (session == null || session.getValue().isEmpty() || !(routing.user() instanceof QuarkusHttpUser user)
                || routing.request().getHeader(HttpHeaders.AUTHORIZATION) != null || isPublic(routing)) {
            routing.next();
            return;
        }
        String name = user.getSecurityIdentity().getPrincipal().getName();
        Cookie companion = routing.request().getCookie(SessionTokens.COOKIE);
        if (companion != null && tokens.isValid(name, companion.getValue(), epochs.current(name))) {
            routing.next();
            return;
        }
        refuse(routing);
    }

    private void refuse(RoutingContext routing) {
        var response = routing.response();
        response.addCookie(Cookie.cookie(sessionCookie, "").setPath("/").setMaxAge(0));
        response.addCookie(cookie(routing, "").setMaxAge(0));
        String path = RequestPaths.canonical(routing.request().path());
        if (RequestPaths.isUnder(path, "/api") || RequestPaths.isUnder(path, "/sandbox/control")) {
            response.setStatusCode(401).putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON)
                    .end(Json.encode(new ApiError("session_ended", "This session has ended (logged out, or the "
                            + "password changed). Log in again.")));
        } else {
            response.setStatusCode(302).putHeader(HttpHeaders.LOCATION, "/login").end();
        }
    }

    private static boolean isPublic(RoutingContext routing) {
        String path = RequestPaths.canonical(routing.request().path());
        return PUBLIC.stream().anyMatch(prefix -> RequestPaths.isUnder(path, prefix));
    }

    private static Cookie cookie(RoutingContext routing, String value) {
        return Cookie.cookie(SessionTokens.COOKIE, value).setPath("/").setHttpOnly(true)
                .setSameSite(CookieSameSite.STRICT).setSecure(routing.request().isSSL());
    }
}
