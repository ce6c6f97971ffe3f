package io.talkport.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.talkport.talkjs.TalkJsEnvironment;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Named;

import java.util.Locale;

/**
 * The current user as the templates see it ({@code inject:access}): who is logged in, what the pages may offer, and
 * the CSRF token for forms. The server enforces the same rules; this only hides what would be refused.
 */
@Named("access")
@RequestScoped
public class Access {

    private final SecurityIdentity identity;
    private final RoutingContext routing;
    private final CsrfTokens tokens;

    public Access(SecurityIdentity identity, RoutingContext routing, CsrfTokens tokens) {
        this.identity = identity;
        this.routing = routing;
        this.tokens = tokens;
    }

    public boolean isLoggedIn() {
        return !identity.isAnonymous();
    }

    public String getUsername() {
        return identity.isAnonymous() ? "" : identity.getPrincipal().getName();
    }

    /** The highest role held, for the top bar. */
    public String getRole() {
        return isAdmin() ? Roles.ADMIN : canOperate() ? Roles.OPERATOR : Roles.VIEWER;
    }

    public boolean isAdmin() {
        return identity.hasRole(Roles.ADMIN);
    }

    /** Uploads, deletes, test runs, the audit trail. */
    public boolean canOperate() {
        return identity.hasRole(Roles.OPERATOR);
    }

    /** Starting, pausing, resuming, cancelling and retrying runs of {@code environment} ("test" or "live"). */
    public boolean canControl(String environment) {
        return identity.hasRole(Roles.toControl("live".equals(environment.toLowerCase(Locale.ROOT))
                ? TalkJsEnvironment.LIVE : TalkJsEnvironment.TEST));
    }

    /** The token every POST form and the upload XHR send back; empty when nobody is logged in. */
    public String getCsrfToken() {
        return isLoggedIn() ? tokens.tokenFor(routing, getUsername()) : "";
    }
}
