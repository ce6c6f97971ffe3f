package io.talkport.security;

import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads who tried and how from every failed login, form or HTTP Basic (the user name tried and the source address,
 * never the password), and hands it to {@link LoginGuard}, which counts it for the back-off and audits it once per
 * burst.
 */
@ApplicationScoped
public class FailedLoginAudit {

    private final LoginGuard guard;

    public FailedLoginAudit(LoginGuard guard) {
        this.guard = guard;
    }

    void onFailure(@Observes AuthenticationFailureEvent event) {
        Object context = event.getEventProperties().get(RoutingContext.class.getName());
        if (!(context instanceof RoutingContext routing)) {
            return;
        }
        HttpServerRequest request = routing.request();
        String basic = basicUser(request.getHeader(HttpHeaders.AUTHORIZATION));
        String user = basic != null ? basic : request.getFormAttribute("j_username");
        String how = basic != null ? "HTTP Basic" : "login form";
        guard.failed(routing, user, how);
    }
    /** The user name of a Basic header; the password part is dropped here and goes nowhere. */
    static String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return "(unreadable Basic header)";
        }
    }
}
