package io.talkport.sandbox.api;

import io.quarkus.logging.Log;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxException;
import io.talkport.sandbox.SandboxRoute;
import io.talkport.sandbox.TalkJsSandbox;
import io.talkport.sandbox.ops.FaultKind;
import io.talkport.sandbox.ops.JournalEntry;
import io.talkport.sandbox.ops.SandboxFaults;
import io.talkport.sandbox.ops.TokenBucket;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Runs every simulated TalkJS call through the same steps: app lookup, rate limit, injected latency and faults, the
 * endpoint itself, then the journal. Keeps the endpoints free of cross-cutting code. Authentication and the body
 * size limits come before, in {@link SandboxRequestGuard}, which refuses a call before its body is read.
 */
@ApplicationScoped
class SandboxGateway {

    /** What an endpoint gets: the app and a place to report how many items (messages, users) the call carried. */
    static final class Call {
        final SandboxApp app;
        Integer itemCount;

        Call(SandboxApp app) {
            this.app = app;
        }
    }

    /** The endpoint body; returns the JSON entity of the 200 answer (or a ready Response). */
    interface Endpoint {
        Object run(Call call);
    }

    private final TalkJsSandbox sandbox;
    private final SandboxConfig config;

    SandboxGateway(TalkJsSandbox sandbox, SandboxConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    /** The answer to a call {@link SandboxRequestGuard} refused before its body was read, journalled. */
    Response refuse(SandboxApp app, SandboxRoute route, HttpServerRequest request, SandboxException refusal) {
        Response response = error(refusal);
        String length = request.getHeader("Content-Length");
        long size;
        try {
            size = length == null ? 0 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            size = 0;
        }
        journal(app, route, request, size, null, null, response.getStatus(), null, false);
        return response;
    }

    Response handle(SandboxRoute route, String appId, HttpServerRequest request, long bodySize, byte[] body,
                    Endpoint endpoint) {
        SandboxApp app = sandbox.findApp(appId);
        if (app == null) {
            return error(new SandboxException(404, "APP_NOT_FOUND", List.of("There is no app with this id")));
        }
        Call call = new Call(app);
        String fault = null;
        boolean limited = false;
        Response response;
        try {
            // The batch endpoint has a budget of its own (documented: 1 batch/s, burst 500).
            TokenBucket budget = route == SandboxRoute.BATCH ? app.batchRateLimiter() : app.rateLimiter();
            long waitNanos = budget.tryAcquire();
            if (waitNanos > 0) {
                limited = true;
                response = tooManyRequests(Math.max(1, (int) Math.ceil(waitNanos / 1e9)));
            } else {
                sleep(app.faults().latencyMillis());
                SandboxFaults.Decision decision = app.faults().decide(route);
                fault = decision == null ? null : decision.kind().name();
                response = decision != null && decision.kind() != FaultKind.STORED_THEN_500
                        ? injected(decision) : success(endpoint.run(call));
                if (decision != null && decision.kind() == FaultKind.STORED_THEN_500) {
                    response = error(new SandboxException(500, "INTERNAL_ERROR",
                            List.of("Injected fault: stored, then failed")));
                }
            }
        } catch (SandboxException e) {
            fault = null; // the endpoint refused the call, so an after-processing fault did not happen
            response = error(e);
        } catch (RuntimeException e) {
            Log.errorf(e, "Sandbox app %s: %s failed", appId, route);
            response = error(new SandboxException(500, "INTERNAL_ERROR", List.of("Unexpected sandbox error")));
        }
        journal(app, route, request, bodySize, body, call.itemCount, response.getStatus(), fault, limited);
        return response;
    }

    private Response injected(SandboxFaults.Decision decision) {
        return switch (decision.kind()) {
            case ERROR_400 -> error(new SandboxException(400, "INVALID_REQUEST", List.of("Injected fault: refused")));
            case ERROR_500 -> error(new SandboxException(500, "INTERNAL_ERROR", List.of("Injected fault")));
            case ERROR_503 -> error(new SandboxException(503, "SERVICE_UNAVAILABLE", List.of("Injected fault")));
            case RATE_429 -> tooManyRequests(decision.retryAfterSeconds());
            case STORED_THEN_500 -> throw new IllegalStateException("handled by the caller");
        };
    }

    static Response success(Object entity) {
        if (entity instanceof Response ready) {
            return ready;
        }
        return Response.ok(entity == null ? Map.of() : entity, MediaType.APPLICATION_JSON_TYPE).build();
    }

    static Response error(SandboxException e) {
        return Response.status(e.status()).type(MediaType.APPLICATION_JSON_TYPE).entity(e.body()).build();
    }

    private static Response tooManyRequests(Integer retryAfterSeconds) {
        Response.ResponseBuilder builder = Response.status(429).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("errorCode", "RATE_LIMITED", "reasons", List.of("Too many requests")));
        if (retryAfterSeconds != null) {
            builder.header("Retry-After", retryAfterSeconds);
        }
        return builder.build();
    }

    private void journal(SandboxApp app, SandboxRoute route, HttpServerRequest request, long bodySize, byte[] body,
                         Integer itemCount, int status, String fault, boolean limited) {
        String kept = body != null && body.length > 0 && body.length <= config.journalBodyMaxBytes()
                ? new String(body, StandardCharsets.UTF_8) : null;
        app.journal().record(new JournalEntry(0, System.currentTimeMillis(), request.method().name(),
                request.path(), request.query(), route.name(), status, bodySize, itemCount,
                request.getHeader("Content-Type"), kept, fault), limited);
    }

    private static void sleep(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
