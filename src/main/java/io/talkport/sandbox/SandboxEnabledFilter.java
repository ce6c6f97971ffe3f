package io.talkport.sandbox;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.List;

/**
 * Hides every {@code /sandbox} path (API, files, control API, pages) behind {@code talkjs.sandbox.enabled}, read at
 * runtime: when false they all answer 404 as if they did not exist.
 */
public class SandboxEnabledFilter {

    private final SandboxConfig config;

    public SandboxEnabledFilter(SandboxConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response hideWhenDisabled(ContainerRequestContext context) {
        if (config.enabled()) {
            return null;
        }
        String path = context.getUriInfo().getPath();
        if (path.equals("/sandbox") || path.startsWith("/sandbox/")) {
            return Response.status(404).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new SandboxException(404, "NOT_FOUND", List.of("Not found")).body()).build();
        }
        return null;
    }
}
