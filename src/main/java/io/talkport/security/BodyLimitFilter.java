package io.talkport.security;

import io.quarkus.logging.Log;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.talkport.api.ApiError;
import io.talkport.job.JobService;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;

/**
 * Bounds every request body before anything else looks at the request (authentication included), by its route
 * ({@link BodyLimits}): a declared {@code Content-Length} over the route's limit gets 413 at once and the connection
 * is closed, so not a byte of the body is read; a body without a length (chunked) is cut off with 413 as soon as the
 * bytes read pass the limit (the limit is handed to Quarkus's body readers, which close the connection). Also refuses
 * matrix parameters ({@code /jobs;a=1}) with a clear 400: no route takes them.
 */
@ApplicationScoped
public class BodyLimitFilter {

    /** Before CORS (300), our API challenge (250) and authentication (200): nothing runs earlier. */
    private static final int FIRST = 1000;
    /**
     * Just after Quarkus's own max-body-size handler (route order -2), which stores the global cap for chunked
     * bodies under {@link #QUARKUS_LIMIT_KEY}: this one replaces it with the route's limit.
     */
    private static final int AFTER_QUARKUS_BODY_LIMIT = 1;
    /** Where Quarkus's body readers look for the byte limit of a body without Content-Length. */
    static final String QUARKUS_LIMIT_KEY = "io.quarkus.max-request-size";
    private static final String ROUTE_LIMIT_KEY = "talkport.body-limit";

    private final BodyLimits limits;
    private final long uploadMaxBytes;

    public BodyLimitFilter(BodyLimits limits, io.talkport.job.JobConfig upload) {
        this.limits = limits;
        this.uploadMaxBytes = upload.maxBytes();
    }

    void register(@Observes Filters filters) {
        filters.register(this::check, FIRST);
        filters.register(this::capChunked, AFTER_QUARKUS_BODY_LIMIT);
    }

    private void check(RoutingContext routing) {
        String raw = routing.request().path();
        if (RequestPaths.hasMatrixParameters(raw)) {
            answer(routing, 400, new ApiError("bad_path", "Talkport's addresses take no matrix parameters "
                    + "(';name=value' in the path): remove the ';' part of the address."), false);
            return;
        }
        String method = routing.request().method().name();
        String path = RequestPaths.canonical(raw);
        long limit = limits.limitFor(method, path);
        String length = routing.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            routing.put(ROUTE_LIMIT_KEY, limit);
            routing.next();
            return;
        }
        long bytes;
        try {
            bytes = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            answer(routing, 400, new ApiError("bad_request", "The Content-Length header is not a number."), true);
            return;
        }
        if (bytes > limit) {
            Log.debugf("Refused a %d-byte body for %s %s (limit %d)", bytes, method, path, limit);
            answer(routing, 413, tooLarge(method, path, bytes, limit), true);
            return;
        }
        routing.next();
    }

    private void capChunked(RoutingContext routing) {
        Long limit = routing.get(ROUTE_LIMIT_KEY);
        if (limit != null) {
            routing.put(QUARKUS_LIMIT_KEY, limit);
        }
        routing.next();
    }

    private ApiError tooLarge(String method, String path, long bytes, long limit) {
        if (BodyLimits.isUpload(method, path)) {
            return new ApiError("too_large", JobService.tooLargeMessage(bytes, uploadMaxBytes));
        }
        return new ApiError("too_large", "The request body is " + bytes + " bytes; " + path + " accepts at most "
                + limit + " bytes (talkport.http.body-limit, talkport.http.body-limits).");
    }

    /** Answers at once; {@code close} also ends the connection, so that a body the client is still sending stops. */
    private static void answer(RoutingContext routing, int status, ApiError error, boolean close) {
        var response = routing.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
        if (close) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
            response.endHandler(ended -> routing.request().connection().close());
        }
        response.end(Json.encode(error));
    }
}
