package io.talkport.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.talkport.security.Roles;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The TalkJS environments (admin): app id, test or live, TalkJS or the sandbox, never the key; "Check connection"
 * proves that the key authenticates, the app exists and the key's mode fits the environment
 * ({@link TalkJsClient#checkConnection}). Starting a run applies the same local checks and refuses with the reason.
 */
@Path("/environments")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.ADMIN)
public class EnvironmentPages {

    /** One environment as the page shows it; {@code check}: the last "Check connection" on this instance, or null. */
    public record Row(String environment, String appId, boolean configured, boolean sandbox, String baseUrl,
                      String problem, TalkJsClient.ConnectionCheck check) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Row> environments);
    }

    private final TalkJsClient client;
    private final Map<TalkJsEnvironment, TalkJsClient.ConnectionCheck> lastChecks = new ConcurrentHashMap<>();

    public EnvironmentPages(TalkJsClient client) {
        this.client = client;
    }

    @GET
    public TemplateInstance list() {
        return Templates.list(rows());
    }

    /**
     * Checks the connection and goes back to the page (post, redirect, get: a reload does not check again), which
     * shows the last check of each environment made by this instance.
     */
    @POST
    @Path("{environment}/check")
    public Response check(@PathParam("environment") String environment) {
        TalkJsEnvironment checked = Arrays.stream(TalkJsEnvironment.values())
                .filter(e -> e.key().equals(environment)).findFirst()
                .orElseThrow(() -> new NotFoundException("No environment " + environment));
        lastChecks.put(checked, client.checkConnection(checked));
        return Response.seeOther(URI.create("/environments")).build();
    }

    private List<Row> rows() {
        return Arrays.stream(TalkJsEnvironment.values()).map(env -> new Row(env.key(),
                client.appId(env).orElse("—"), client.isConfigured(env), client.isSandbox(env), client.baseUrl(),
                client.configurationProblem(env).orElse(null), lastChecks.get(env))).toList();
    }
}
