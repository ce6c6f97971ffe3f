package io.talkport.security;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.vertx.http.runtime.security.FormAuthenticationMechanism;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;

/**
 * The login form (it posts to Quarkus's {@code /j_security_check}) and the logout action. Failed attempts are
 * audited by {@link FailedLoginAudit}.
 */
@Path("/")
public class LoginPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean failed, boolean loggedOut);
    }

    private final CsrfTokens tokens;

    public LoginPage(CsrfTokens tokens) {
        this.tokens = tokens;
    }

    @GET
    @Path("login")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance login(@QueryParam("error") boolean failed, @QueryParam("logout") boolean loggedOut) {
        return Templates.login(failed, loggedOut);
    }

    /** Ends the session: removes the session and CSRF cookies (the form carries the CSRF token). */
    @POST
    @Path("logout")
    public Response logout(RoutingContext routing) {
        FormAuthenticationMechanism.logout(routing);
        tokens.clear(routing);
        return Response.seeOther(URI.create("/login?logout=true")).build();
    }
}
