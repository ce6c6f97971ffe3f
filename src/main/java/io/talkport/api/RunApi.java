package io.talkport.api;

import io.quarkus.security.identity.SecurityIdentity;
import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.delivery.DeliveryPlanner;
import io.talkport.job.Run;
import io.talkport.job.RunService;
import io.talkport.security.Roles;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.annotation.security.RolesAllowed;
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


/** JSON API for runs: push to test, promote to live, pause, resume, cancel, retry failed items. */
@Path("/api/jobs/{id}")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class RunApi {

    /**
     * Body of {@code POST /runs}. {@code addMissingSenders}: add senders who are not participants first;
     * {@code addPlaceholderUsers}: create participants missing from users as placeholder users first. Either one
     * left out keeps the job's last choice.
     */
    public record StartRequest(String environment, Boolean addMissingSenders, Boolean addPlaceholderUsers) {
    }

    /** Body of {@code POST /promote}: the job's name, typed by the person promoting. */
    public record PromoteRequest(String confirm) {
    }

    private final RunService runs;
    private final RunViews views;
    private final FailureViews failures;
    private final AuditLog audit;
    private final SecurityIdentity identity;

    public RunApi(RunService runs, RunViews views, FailureViews failures, AuditLog audit, SecurityIdentity identity) {
        this.runs = runs;
        this.views = views;
        this.failures = failures;
        this.audit = audit;
        this.identity = identity;
    }

    @POST
    @Path("runs")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    public Response start(@PathParam("id") long id, StartRequest request, @Context SecurityContext security) {
        if (request == null || request.environment() == null) {
            throw new BadRequestException("Say which environment to push to: {\"environment\": \"test\"}.");
        }
        if (environment(request.environment()) == TalkJsEnvironment.LIVE) {
            runs.refuseDirectLive();
        }
        Run run = runs.startTest(id, request.addMissingSenders(), request.addPlaceholderUsers(),
                user(security));
        audit.record(security, AuditAction.RUN_START, id, TalkJsEnvironment.TEST, null);
        return accepted(run);
    }

    @POST
    @Path("promote")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    public Response promote(@PathParam("id") long id, PromoteRequest request, @Context SecurityContext security) {
        String confirm = request == null ? null : request.confirm();
        Run run = runs.promote(id, confirm, user(security));
        audit.record(security, AuditAction.PROMOTE, id, TalkJsEnvironment.LIVE, "confirmed \"" + confirm + "\"");
        return accepted(run);
    }

    @POST
    @Path("runs/{environment}/pause")
    @RolesAllowed(Roles.OPERATOR)
    public Response pause(@PathParam("id") long id, @PathParam("environment") String environment,
                          @Context SecurityContext security) {
        TalkJsEnvironment env = controllable(environment);
        return audited(runs.pause(id, env), security, AuditAction.RUN_PAUSE);
    }

    @POST
    @Path("runs/{environment}/resume")
    @RolesAllowed(Roles.OPERATOR)
    public Response resume(@PathParam("id") long id, @PathParam("environment") String environment,
                           @Context SecurityContext security) {
        TalkJsEnvironment env = controllable(environment);
        return audited(runs.resume(id, env), security, AuditAction.RUN_RESUME);
    }

    @POST
    @Path("runs/{environment}/cancel")
    @RolesAllowed(Roles.OPERATOR)
    public Response cancel(@PathParam("id") long id, @PathParam("environment") String environment,
                           @Context SecurityContext security) {
        TalkJsEnvironment env = controllable(environment);
        return audited(runs.cancel(id, env), security, AuditAction.RUN_CANCEL);
    }

    @POST
    @Path("runs/{environment}/retry-failed")
    @RolesAllowed(Roles.OPERATOR)
    public Response retryFailed(@PathParam("id") long id, @PathParam("environment") String environment,
                                @Context SecurityContext security) {
        TalkJsEnvironment env = controllable(environment);
        return audited(runs.retryFailed(id, env), security, AuditAction.RUN_RETRY);
    }

    /**
     * The plan of a push to {@code environment} (default test), worked out now against what the app holds: new
     * messages, messages already there (skipped), messages there that the job does not hold (kept), per conversation
     * found in TalkJS (at most {@link RunService#PLAN_DETAILS} listed). It reads TalkJS (one paged listing, plus read
     * backs), so it needs the right to steer that environment's runs; 502 when TalkJS cannot be read.
     */
    @GET
    @Path("plan")
    @RolesAllowed(Roles.OPERATOR)
    public DeliveryPlanner.Plan plan(@PathParam("id") long id,
                                     @QueryParam("environment") @DefaultValue("test") String environment) {
        return runs.plan(id, controllable(environment));
    }

    /** Body of {@code POST /runs/test/remove-import}: the job's name, typed by the person removing. */
    public record RemoveRequest(String confirm) {
    }

    /**
     * Deletes from the test app the conversations this job created there (with their messages, whoever sent them);
     * the record forgets them and the job's test run is removed, so the next push starts clean. Test only, operator,
     * typed confirmation (the job's name); refused (409) while the test run is in progress.
     */
    @POST
    @Path("runs/test/remove-import")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.OPERATOR)
    public RunService.Removal removeTestImport(@PathParam("id") long id, RemoveRequest request,
                                               @Context SecurityContext security) {
        RunService.Removal removal = runs.removeTestImport(id, request == null ? null : request.confirm(),
                user(security));
        audit.record(security, AuditAction.REMOVE_TEST_IMPORT, id, TalkJsEnvironment.TEST,
                "removed the test import: " + removal.conversationsDeleted() + " conversations deleted");
        return removal;
    }

    @GET
    @Path("runs/{environment}/failures")
    public FailureViews.Page failures(@PathParam("id") long id, @PathParam("environment") String environment,
                                      @QueryParam("page") @DefaultValue("1") int page,
                                      @QueryParam("size") @DefaultValue("50") int size) {
        return failures.of(id, environment(environment), page, size);
    }

    /** The environment, once the user is known to be allowed to steer its runs (live needs admin). */
    private TalkJsEnvironment controllable(String name) {
        TalkJsEnvironment env = environment(name);
        Roles.requireControl(identity, env);
        return env;
    }

    private Response audited(Run run, SecurityContext security, AuditAction action) {
        audit.record(security, action, run.jobId, run.environment, null);
        return accepted(run);
    }

    private Response accepted(Run run) {
        return Response.accepted(views.document(run)).build();
    }

    /** Exactly "test" or "live" (lower case): anything else, "LIVE" included, is refused and never acts on a run. */
    public static TalkJsEnvironment environment(String name) {
        return switch (name == null ? "" : name) {
            case "test" -> TalkJsEnvironment.TEST;
            case "live" -> TalkJsEnvironment.LIVE;
            default -> throw new BadRequestException("Unknown environment \"" + name + "\": use \"test\" or \"live\".");
        };
    }

    private static String user(SecurityContext security) {
        return security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
    }
}
