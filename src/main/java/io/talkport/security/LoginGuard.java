package io.talkport.security;

import io.quarkus.logging.Log;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.security.spi.runtime.AuthenticationFailureEvent;
import io.quarkus.security.spi.runtime.AuthenticationSuccessEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;

/**
 * Feeds the failed-login back-off ({@link LoginThrottle}) from the security events and audits it once per burst,
 * not once per try: the failure that starts a burst (user name tried and address, as before), the failure that
 * starts the back-off ({@code login.throttled}), and when the burst ends a summary with its count. A success ends
 * the bursts of its user and address.
 */
@ApplicationScoped
public class LoginGuard {

    private final LoginThrottle throttle;
    private final AuditLog audit;

    public LoginGuard(SecurityConfig config, AuditLog audit) {
        this.throttle = new LoginThrottle(config.loginFreeFailures(), config.loginMaxBackoff(),
                config.loginBurstWindow(), Clock.systemUTC());
        this.audit = audit;
    }

    public LoginThrottle throttle() {
        return throttle;
    }

    /** Counts and, at the start of a burst or of its back-off, audits a failed login ({@link FailedLoginAudit}). */
    void failed(RoutingContext routing, String user, String how) {
        if (routing.get(LoginThrottleProvider.THROTTLED) != null) {
            return;
        }
        String source = address(routing);
        LoginThrottle.Outcome outcome = throttle.failed(LoginThrottle.userKey(user), LoginThrottle.addressKey(source));
        if (outcome.burstStarted()) {
            record(user, AuditAction.LOGIN_FAILED, how + " from " + source);
        }
        if (outcome.throttleStarted()) {
            record(user, AuditAction.LOGIN_THROTTLED, "repeated failed logins (" + how + " from " + source
                    + "): further attempts wait " + outcome.blockedFor().toSeconds() + " s, doubling up to "
                    + "talkport.security.login-max-backoff");
        }
    }

    void succeeded(@Observes AuthenticationSuccessEvent event) {
        if (event.getSecurityIdentity() == null || event.getSecurityIdentity().isAnonymous()) {
            return;
        }
        Object context = event.getEventProperties().get(RoutingContext.class.getName());
        String address = context instanceof RoutingContext routing ? address(routing) : null;
        String user = event.getSecurityIdentity().getPrincipal().getName();
        throttle.succeeded(LoginThrottle.userKey(user), LoginThrottle.addressKey(address));
    }

    /** Writes the summary of every burst that ended: how many failures, from when to when. */
    @Scheduled(every = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void summarize() {
        for (LoginThrottle.EndedBurst burst : throttle.sweep()) {
            if (burst.failures() > 1) {
                boolean byUser = burst.key().startsWith("user ");
                String subject = burst.key().substring(burst.key().indexOf(' ') + 1);
                audit.record(byUser ? subject : null, AuditAction.LOGIN_FAILED, null, null, burst.failures()
                        + " failed logins " + (byUser ? "for this user" : "from " + subject) + " between "
                        + burst.first() + " and " + burst.last());
            }
        }
    }

    static String address(RoutingContext routing) {
        return routing == null || routing.request().remoteAddress() == null ? "unknown"
                : routing.request().remoteAddress().hostAddress();
    }

    private void record(String user, AuditAction action, String detail) {
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                audit.record(user, action, null, null, detail);
            } catch (RuntimeException e) {
                Log.warnf("Could not audit a failed login: %s", e.getMessage());
            }
        });
    }
}
