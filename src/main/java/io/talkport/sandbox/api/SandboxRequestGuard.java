package io.talkport.sandbox.api;

import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxException;
import io.talkport.sandbox.SandboxRoute;
import io.talkport.sandbox.TalkJsSandbox;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Guards the simulated TalkJS API ({@code /sandbox/talkjs/v1/{appId}/...}) before anything reads the request body
 * (issue 16, finding 2): a pre-matching filter, so it runs before route matching, form parsing and body reading.
 * In this order it answers
 * <ol>
 *   <li>404 {@code APP_NOT_FOUND} for an app that is not configured;</li>
 *   <li>401 {@code UNAUTHORIZED} without a valid secret key or app token ({@link SandboxAuth});</li>
 *   <li>413 {@code REQUEST_TOO_LARGE} when {@code Content-Length} is over the route's limit: a file upload may be
 *   {@code talkjs.sandbox.max-file-size} plus 1 MiB of multipart framing, every other call
 *   {@code talkjs.sandbox.max-body-size} (default 10 MiB).</li>
 * </ol>
 * Refusals are journalled like every other call. A chunked body (no {@code Content-Length}) is bounded by the app's
 * general body limit; a chunked file upload streams to disk, never to memory, and is refused (400
 * {@code FILE_TOO_LARGE}) before its bytes are kept.
 */
public class SandboxRequestGuard {

    private static final Pattern API_PATH = Pattern.compile("^/sandbox/talkjs/v1/([^/]+)(/.*)?$");
    private static final long MULTIPART_FRAMING = 1024 * 1024;

    private final TalkJsSandbox sandbox;
    private final SandboxConfig config;
    private final SandboxAuth auth;
    private final SandboxGateway gateway;

    SandboxRequestGuard(TalkJsSandbox sandbox, SandboxConfig config, SandboxAuth auth, SandboxGateway gateway) {
        this.sandbox = sandbox;
        this.config = config;
        this.auth = auth;
        this.gateway = gateway;
    }

    @ServerRequestFilter(preMatching = true, priority = jakarta.ws.rs.Priorities.AUTHENTICATION)
    public Response guard(HttpServerRequest request) {
        if (!config.enabled()) {
            return null; // SandboxEnabledFilter answers 404
        }
        Matcher matcher = API_PATH.matcher(request.path());
        if (!matcher.matches()) {
            return null;
        }
        SandboxApp app = sandbox.findApp(matcher.group(1));
        if (app == null) {
            return SandboxGateway.error(new SandboxException(404, "APP_NOT_FOUND",
                    List.of("There is no app with this id")));
        }
        String method = request.method().name();
        SandboxRoute route = SandboxRoutes.of(method, matcher.group(2) == null ? "" : matcher.group(2));
        SandboxException refusal;
        try {
            auth.authenticate(app, request.getHeader("Authorization"));
            refusal = sizeRefusal(route, request.getHeader("Content-Length"));
        } catch (SandboxException e) {
            refusal = e;
        }
        return refusal == null ? null : gateway.refuse(app, route, request, refusal);
    }

    private SandboxException sizeRefusal(SandboxRoute route, String contentLength) {
        boolean file = route == SandboxRoute.FILES_POST;
        long limit = file ? config.maxFileSize().asLongValue() + MULTIPART_FRAMING : config.maxBodySize().asLongValue();
        if (contentLength == null) {
            return null;
        }
        long length;
        try {
            length = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return SandboxException.badRequest("INVALID_CONTENT_LENGTH", "Content-Length must be a number");
        }
        if (length > limit) {
            return new SandboxException(413, "REQUEST_TOO_LARGE", List.of("The request body has " + length
                    + " bytes; this endpoint accepts at most " + limit + " bytes"
                    + (file ? " (talkjs.sandbox.max-file-size plus multipart framing)" : " (talkjs.sandbox.max-body-size)")));
        }
        return null;
    }
}
