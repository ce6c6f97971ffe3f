package io.talkport.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.talkport.api.ApiError;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * How Talkport answers a request that is not logged in or not allowed. Pages: a redirect to the login page (the
 * form mechanism's own challenge). The JSON API: 401 or 403 with a JSON body, never a redirect, so that scripts and
 * the upload XHR see what happened.
 */
@ApplicationScoped
public class SecurityAnswers {

    /** Between CORS (300) and authentication (200): sees every request before Quarkus security does. */
    private static final int BEFORE_AUTHENTICATION = 250;

    private final String sessionCookie;

    public SecurityAnswers(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name",
            defaultValue = "quarkus-credential") String sessionCookie) {
        this.sessionCookie = sessionCookie;
    }

    void registerApiChallenge(@Observes Filters filters) {
        filters.register(this::apiChallenge, BEFORE_AUTHENTICATION);
    }

    void registerFailureAnswers(@Observes Router router) {
        router.route().failureHandler(this::failure);
    }

    /** Answers an anonymous API request at once; turns the login redirect of an expired session into a 401. */
    private void apiChallenge(RoutingContext routing) {
        if (!isApi(routing)) {
            routing.next();
            return;
        }
        boolean hasCredentials = routing.request().getHeader(HttpHeaders.AUTHORIZATION) != null
                || routing.request().getCookie(sessionCookie) != null;
        if (!hasCredentials) {
            json(routing, 401, unauthorized());
            return;
        }
        routing.addHeadersEndHandler(v -> {
            String location = routing.response().headers().get(HttpHeaders.LOCATION);
            if (routing.response().getStatusCode() == 302 && location != null && location.contains("/login")) {
                routing.response().setStatusCode(401).headers().remove(HttpHeaders.LOCATION);
            }
        });
        routing.next();
    }

    private void failure(RoutingContext routing) {
        Throwable failure = routing.failure();
        Long throttled = routing.get(LoginThrottleProvider.THROTTLED);
        if (failure instanceof AuthenticationFailedException && throttled != null
                && !routing.response().headWritten() && isLoginForm(routing)) {
            routing.response().setStatusCode(302)
                    .putHeader(HttpHeaders.LOCATION, "/login?error=true&throttled=" + throttled).end();
        } else if (failure instanceof AuthenticationFailedException && throttled != null
                && !routing.response().headWritten()) {
            routing.response().putHeader("Retry-After", Long.toString(throttled));
            json(routing, 429, new ApiError("too_many_failed_logins", "Too many failed logins for this user or "
                    + "from this address: wait " + throttled + " s before trying again."));
        } else if (failure instanceof ForbiddenException && !routing.response().headWritten()) {
            json(routing, 403, forbidden(failure.getMessage()));
        } else if (failure instanceof AuthenticationFailedException && isApi(routing)
                && !routing.response().headWritten()) {
            json(routing, 401, new ApiError("unauthorized", "The user name or password is wrong."));
        } else {
            routing.next();
        }
    }

    /** A {@code @RolesAllowed} or {@link Roles#requireControl} refusal inside a resource. */
    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Response.status(403).type(MediaType.APPLICATION_JSON).entity(forbidden(e.getMessage())).build();
    }

    static ApiError unauthorized() {
        return new ApiError("unauthorized", "Log in first: send HTTP Basic credentials (curl -u user:password) "
                + "or log in at /login.");
    }

    private static ApiError forbidden(String message) {
        return new ApiError("forbidden", message == null || message.isBlank()
                ? "Your role does not allow this. Viewers see jobs; operators also upload, delete and run tests; "
                + "admins also promote to live and steer live runs."
                : message);
    }

    private static boolean isLoginForm(RoutingContext routing) {
        return "/j_security_check".equals(RequestPaths.canonical(routing.request().path()));
    }

    /** JSON answers for everything a script calls; pages get redirects instead. */
    private static boolean isApi(RoutingContext routing) {
        String path = RequestPaths.canonical(routing.request().path());
        return RequestPaths.isUnder(path, "/api") || RequestPaths.isUnder(path, "/sandbox/control")
                || (RequestPaths.isUnder(path, "/q") && !RequestPaths.isUnder(path, "/q/health"));
    }

    private static void json(RoutingContext routing, int status, ApiError error) {
        var response = routing.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        if (status == 401) {
            response.putHeader("WWW-Authenticate", "Basic realm=\"Talkport\"");
        }
        response.end(Json.encode(error));
    }
}
