package io.talkport.security;

import io.quarkus.logging.Log;
import io.talkport.api.ApiError;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.WithFormRead;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

import java.net.URI;
import java.security.Principal;
import java.util.Set;

/**
 * Refuses a state-changing request that a browser session sent without the page's CSRF token (form field
 * {@value CsrfTokens#FIELD} or header {@value CsrfTokens#HEADER}). Scripts that authenticate with HTTP Basic and hold
 * no session cookie need no token; a browser request from another site is refused even then (cached Basic
 * credentials). The TalkJS-compatible sandbox API has its own Bearer auth and is not checked.
 */
public class CsrfFilter {

    private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final String EXEMPT_PREFIX = "/sandbox/talkjs";

    private final CsrfTokens tokens;
    private final String sessionCookie;

    public CsrfFilter(CsrfTokens tokens,
                      @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
                      String sessionCookie) {
        this.tokens = tokens;
        this.sessionCookie = sessionCookie;
    }

    /** Runs after the form is read, so that the token can come as a form field. */
    @ServerRequestFilter
    @WithFormRead
    public Response check(ResteasyReactiveContainerRequestContext request, RoutingContext routing) {
        if (!UNSAFE.contains(request.getMethod()) || RequestPaths.isUnder(RequestPaths.canonical(routing.request().path()), EXEMPT_PREFIX)) {
            return null;
        }
        if (routing.request().getCookie(sessionCookie) == null) {
            return fromAnotherSite(routing) ? refuse(routing, "from another site") : null;
        }
        Principal user = request.getSecurityContext().getUserPrincipal();
        String supplied = suppliedToken(request, routing);
        if (user != null && tokens.isValid(routing, user.getName(), supplied)) {
            return null;
        }
        return refuse(routing, supplied == null ? "without a token" : "with a wrong token");
    }

    private static String suppliedToken(ContainerRequestContext request, RoutingContext routing) {
        String header = routing.request().getHeader(CsrfTokens.HEADER);
        if (header != null && !header.isBlank()) {
            return header;
        }
        ResteasyReactiveRequestContext context =
                (ResteasyReactiveRequestContext) ((ResteasyReactiveContainerRequestContext) request)
                        .getServerRequestContext();
        Object field = context.getFormParameter(CsrfTokens.FIELD, true, false);
        return field instanceof String value && !value.isBlank() ? value : null;
    }

    /** A browser says where a request comes from; scripts (curl, the tests) send neither header. */
    private static boolean fromAnotherSite(RoutingContext routing) {
        String site = routing.request().getHeader("Sec-Fetch-Site");
        if (site != null) {
            return !site.equals("same-origin") && !site.equals("none");
        }
        String origin = routing.request().getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return origin != null;
        }
        try {
            return !URI.create(origin).getRawAuthority().equalsIgnoreCase(routing.request().getHeader("Host"));
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static Response refuse(RoutingContext routing, String why) {
        Log.warnf("CSRF check refused %s %s (%s)", routing.request().method(), routing.normalizedPath(), why);
        return Response.status(403).type(MediaType.APPLICATION_JSON)
                .entity(new ApiError("csrf", "This request was refused because it did not come from a "
                        + "Talkport page (missing or wrong CSRF token). Reload the page and try again."))
                .build();
    }
}
