package io.talkport.web;

import io.talkport.job.RunRefusedException;
import io.talkport.job.ConfirmationMismatchException;
import io.talkport.job.RunService;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/** Form actions of the job page; each answers with a redirect back to it, with a notice when refused. */
@Path("/")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
public class RunPages {

    private final RunService runs;

    public RunPages(RunService runs) {
        this.runs = runs;
    }

    @POST
    @Path("jobs/{id}/push")
    public Response push(@PathParam("id") long id, @RestForm("addMissingSenders") String addMissingSenders,
                         @Context SecurityContext security) {
        return act(id, () -> runs.startTest(id, "on".equals(addMissingSenders), user(security)));
    }

    @POST
    @Path("jobs/{id}/promote")
    public Response promote(@PathParam("id") long id, @RestForm("confirm") String confirm,
                            @Context SecurityContext security) {
        return act(id, () -> runs.promote(id, confirm, user(security)));
    }

    @POST
    @Path("jobs/{id}/runs/{environment}/{action}")
    public Response control(@PathParam("id") long id, @PathParam("environment") String environment,
                            @PathParam("action") String action) {
        TalkJsEnvironment env = "live".equals(environment) ? TalkJsEnvironment.LIVE : TalkJsEnvironment.TEST;
        return act(id, () -> switch (action) {
            case "pause" -> runs.pause(id, env);
            case "resume" -> runs.resume(id, env);
            case "cancel" -> runs.cancel(id, env);
            case "retry-failed" -> runs.retryFailed(id, env);
            default -> throw new RunRefusedException("Unknown action " + action + ".");
        });
    }

    private static Response act(long id, Supplier<Object> action) {
        try {
            action.get();
            return Response.seeOther(URI.create("/jobs/" + id)).build();
        } catch (RunRefusedException | ConfirmationMismatchException e) {
            return Response.seeOther(URI.create("/jobs/" + id + "?notice="
                    + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8))).build();
        }
    }

    private static String user(SecurityContext security) {
        return security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
    }
}
