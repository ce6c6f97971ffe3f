package io.talkport.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.URI;

/**
 * Keeps the request's {@code Host} header out of {@code Location}: Quarkus's login redirects and JAX-RS's
 * {@code seeOther} make a relative target absolute with whatever host the request named, so a forged Host would be
 * echoed back (cache poisoning, links to another site). Every redirect to this server is sent relative instead
 * ({@code /login}, {@code /jobs/1}), which browsers resolve against the address they actually used.
 */
@ApplicationScoped
public class RelativeRedirects {

    private static final int EARLY = 950;

    void register(@Observes Filters filters) {
        filters.register(this::install, EARLY);
    }

    private void install(RoutingContext routing) {
        routing.addHeadersEndHandler(v -> {
            String location = routing.response().headers().get(HttpHeaders.LOCATION);
            String relative = relative(location, routing.request().getHeader(HttpHeaders.HOST));
            if (relative != null) {
                routing.response().headers().set(HttpHeaders.LOCATION, relative);
            }
        });
        routing.next();
    }

    /** The path and query of {@code location} when it points at {@code host} (the request's own); else null. */
    static String relative(String location, String host) {
        if (location == null || host == null || !(location.startsWith("http://") || location.startsWith("https://"))) {
            return null;
        }
        try {
            URI uri = URI.create(location);
            if (uri.getRawAuthority() == null || !uri.getRawAuthority().equalsIgnoreCase(host)) {
                return null;
            }
            String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
            // "//other.site/x" would be a link to another site: one leading slash only.
            path = "/" + path.replaceFirst("^/+", "");
            return path + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
