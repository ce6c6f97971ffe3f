package io.talkport.api;

import io.talkport.job.JobConfig;
import io.talkport.security.BodyLimits;
import io.talkport.security.RequestPaths;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.security.Principal;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the uploads one user has in progress ({@code talkport.upload.max-concurrent-per-user}). Counted from the
 * moment the request arrives, before its body is received (the resource method only runs once the whole file is on
 * disk), and released when the exchange ends however it ends: answer, error or a client that went away. Matches
 * every spelling of the route ({@code /api/jobs/}, {@code //api/jobs}, ...: {@link RequestPaths}).
 */
public class UploadConcurrencyFilter {

    private final JobConfig config;
    private final Map<String, Integer> inProgress = new ConcurrentHashMap<>();

    public UploadConcurrencyFilter(JobConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response limit(ContainerRequestContext request, RoutingContext routing) {
        if (!BodyLimits.isUpload(request.getMethod(), RequestPaths.canonical(routing.request().path()))) {
            return null;
        }
        Principal principal = request.getSecurityContext().getUserPrincipal();
        String user = principal == null ? "" : principal.getName();
        if (!tryAcquire(user)) {
            return ApiExceptionMappers.answer(429, "too_many_uploads", "You already have "
                    + config.maxConcurrentPerUser() + " uploads in progress; wait until one has finished "
                    + "(talkport.upload.max-concurrent-per-user).");
        }
        routing.addEndHandler(ended -> release(user));
        return null;
    }

    private boolean tryAcquire(String user) {
        boolean[] acquired = {false};
        inProgress.compute(user, (key, count) -> {
            int current = count == null ? 0 : count;
            if (current >= config.maxConcurrentPerUser()) {
                return count;
            }
            acquired[0] = true;
            return current + 1;
        });
        return acquired[0];
    }

    private void release(String user) {
        inProgress.computeIfPresent(user, (key, count) -> count <= 1 ? null : count - 1);
    }
}
