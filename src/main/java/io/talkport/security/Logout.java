package io.talkport.security;

import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/** Ends the browser session: removes the session and CSRF cookies. The form carries the CSRF token like any other. */
@Path("/logout")
public class Logout {

    private final CsrfTokens tokens;

    public Logout(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @POST
    public Response logout(RoutingContext routing) {
        FormAuthenticationMechanism.logout(routing);
        tokens.clear(routing);
        return Response.seeOther(URI.create("/login?logout=true")).build();
    }
}
