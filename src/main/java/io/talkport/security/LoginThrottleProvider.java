package io.talkport.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Optional;

/**
 * Runs before the realm checks a password (highest priority): a user name or source address in back-off
 * ({@link LoginThrottle}) is refused without looking at the password. The refusal is marked on the request, so that
 * the answer says so ({@link SecurityAnswers}: 429 with {@code Retry-After}; the login form shows "too many
 * attempts") and it is neither
 * counted nor audited as another failure. Otherwise it steps aside and the realm decides.
 */
@ApplicationScoped
public class LoginThrottleProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {

    /** Request attribute: seconds the refused attempt must wait. */
    public static final String THROTTLED = "talkport.login-throttled";

    private final LoginGuard guard;

    public LoginThrottleProvider(LoginGuard guard) {
        this.guard = guard;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public int priority() {
        return Integer.MAX_VALUE;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request,
                                              AuthenticationRequestContext context) {
        RoutingContext routing = HttpSecurityUtils.getRoutingContextAttribute(request);
        Optional<Duration> wait = guard.throttle().blocked(LoginThrottle.userKey(request.getUsername()),
                LoginThrottle.addressKey(LoginGuard.address(routing)));
        if (wait.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        if (routing != null) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            routing.put(THROTTLED, seconds);
        }
        return Uni.createFrom().failure(new AuthenticationFailedException("Too many failed logins; wait."));
    }
}
