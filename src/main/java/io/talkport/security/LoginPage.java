package io.talkport.security;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * The login form (it posts to Quarkus's {@code /j_security_check}) ({@link Logout} ends a session). Failed attempts are
 * audited by {@link FailedLoginAudit}. Not mapped at "/": sharing the root path with JobPages would upset the
 * matching of its literal paths ("jobs/new" against "jobs/{id}").
 */
@Path("/login")
public class LoginPage {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance login(boolean failed, boolean loggedOut, Integer throttled);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance login(@QueryParam("error") boolean failed, @QueryParam("logout") boolean loggedOut,
                                  @QueryParam("throttled") Integer throttled) {
        return Templates.login(failed, loggedOut, throttled == null || throttled < 1 ? null : throttled);
    }
}
