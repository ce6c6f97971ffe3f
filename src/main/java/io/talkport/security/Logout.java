package io.talkport.security;

import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * Ends the browser session on the server: every session of the user ends ({@link SessionCheck}, on every instance
 * sharing the database), and the session and CSRF cookies are removed. The form carries the CSRF token like any other.
 */
@Path("/logout")
public class Logout {

    private final CsrfTokens tokens;
    private final SessionCheck sessions;
    private final SecurityIdentity identity;

    public Logout(CsrfTokens tokens, SessionCheck sessions, SecurityIdentity identity) {
        this.tokens = tokens;
        this.sessions = sessions;
        this.identity = identity;
    }

    @POST
    public Response logout(RoutingContext routing) {
        if (!identity.isAnonymous()) {
            sessions.end(routing, identity.getPrincipal().getName());
        }
        FormAuthenticationMechanism.logout(routing);
        tokens.clear(routing);
        return Response.seeOther(URI.create("/login?logout=true")).build();
    }
}
