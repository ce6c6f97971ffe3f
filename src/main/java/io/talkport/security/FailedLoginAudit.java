package io.talkport.security;

import io.quarkus.logging.Log;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Audits every failed login, form or HTTP Basic: the user name tried and the source address, never the password.
 * The event arrives on an I/O thread, so the row is written on a worker thread.
 */
@ApplicationScoped
public class FailedLoginAudit {

    private final AuditLog audit;

    public FailedLoginAudit(AuditLog audit) {
        this.audit = audit;
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
        String source = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                audit.record(user, AuditAction.LOGIN_FAILED, null, null, how + " from " + source);
            } catch (RuntimeException e) {
                Log.warnf("Could not audit a failed login from %s: %s", source, e.getMessage());
            }
        });
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
