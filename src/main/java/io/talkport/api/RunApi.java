package io.talkport.api;

import io.talkport.job.Run;
import io.talkport.job.RunService;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.Locale;

/** JSON API for runs: push to test, promote to live, pause, resume, cancel, retry failed items. */
@Path("/api/jobs/{id}")
@Produces(MediaType.APPLICATION_JSON)
public class RunApi {

    /** Body of {@code POST /runs}. */
    public record StartRequest(String environment, Boolean addMissingSenders) {
    }

    /** Body of {@code POST /promote}: the job's name, typed by the person promoting. */
    public record PromoteRequest(String confirm) {
    }

    private final RunService runs;
    private final RunViews views;
    private final FailureViews failures;

    public RunApi(RunService runs, RunViews views, FailureViews failures) {
        this.runs = runs;
        this.views = views;
        this.failures = failures;
    }

    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(@PathParam("id") long id, StartRequest request, @Context SecurityContext security) {
        if (request == null || request.environment() == null) {
            throw new BadRequestException("Say which environment to push to: {\"environment\": \"test\"}.");
        }
        if (environment(request.environment()) == TalkJsEnvironment.LIVE) {
            runs.refuseDirectLive();
        }
        return accepted(runs.startTest(id, request.addMissingSenders(), user(security)));
    }

    @POST
    @Path("promote")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response promote(@PathParam("id") long id, PromoteRequest request, @Context SecurityContext security) {
        return accepted(runs.promote(id, request == null ? null : request.confirm(), user(security)));
    }

    @POST
    @Path("runs/{environment}/pause")
    public Response pause(@PathParam("id") long id, @PathParam("environment") String environment) {
        return accepted(runs.pause(id, environment(environment)));
    }

    @POST
    @Path("runs/{environment}/resume")
    public Response resume(@PathParam("id") long id, @PathParam("environment") String environment) {
        return accepted(runs.resume(id, environment(environment)));
    }

    @POST
    @Path("runs/{environment}/cancel")
    public Response cancel(@PathParam("id") long id, @PathParam("environment") String environment) {
        return accepted(runs.cancel(id, environment(environment)));
    }

    @POST
    @Path("runs/{environment}/retry-failed")
    public Response retryFailed(@PathParam("id") long id, @PathParam("environment") String environment) {
        return accepted(runs.retryFailed(id, environment(environment)));
    }

    @GET
    @Path("runs/{environment}/failures")
    public FailureViews.Page failures(@PathParam("id") long id, @PathParam("environment") String environment,
                                      @QueryParam("page") @DefaultValue("1") int page,
                                      @QueryParam("size") @DefaultValue("50") int size) {
        return failures.of(id, environment(environment), page, size);
    }

    private Response accepted(Run run) {
        return Response.accepted(views.document(run)).build();
    }

    static TalkJsEnvironment environment(String name) {
        return switch (name == null ? "" : name.toLowerCase(Locale.ROOT)) {
            case "test" -> TalkJsEnvironment.TEST;
            case "live" -> TalkJsEnvironment.LIVE;
            default -> throw new BadRequestException("Unknown environment \"" + name + "\": use \"test\" or \"live\".");
        };
    }

    private static String user(SecurityContext security) {
        return security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
    }
}
