package io.talkport.web;

import io.quarkus.security.identity.SecurityIdentity;
import io.talkport.api.RunApi;
import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.job.ConfirmationMismatchException;
import io.talkport.job.IllegalTransitionException;
import io.talkport.job.Run;
import io.talkport.job.RunRefusedException;
import io.talkport.job.RunService;
import io.talkport.security.Roles;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.annotation.security.RolesAllowed;
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
import java.util.function.Supplier;

/**
 * Form actions of the job page; each answers with a redirect back to it, with a {@link Flash} message when refused
 * (the wrong name typed to promote goes next to its field, keeping what was typed). Mapped at "/"
 * like JobPages: a class path "/jobs/{id}" would capture GET /jobs/new and /jobs/{id} and answer them 404 (RESTEasy
 * Reactive picks the most specific class first).
 */
@Path("/")
@Consumes(MediaType.APPLICATION_FORM_URLENCODED)
@RolesAllowed(Roles.OPERATOR)
public class RunPages {

    private final RunService runs;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final Flash flash;

    public RunPages(RunService runs, AuditLog audit, SecurityIdentity identity, Flash flash) {
        this.runs = runs;
        this.audit = audit;
        this.identity = identity;
        this.flash = flash;
    }

    @POST
    @Path("jobs/{id}/push")
    public Response push(@PathParam("id") long id, @RestForm("addMissingSenders") String addMissingSenders,
                         @RestForm("addPlaceholderUsers") String addPlaceholderUsers,
                         @Context SecurityContext security) {
        return act(id, security, null, () -> audited(runs.startTest(id, "on".equals(addMissingSenders),
                "on".equals(addPlaceholderUsers), user(security)), security, AuditAction.RUN_START, null));
    }

    @POST
    @Path("jobs/{id}/promote")
    @RolesAllowed(Roles.ADMIN)
    public Response promote(@PathParam("id") long id, @RestForm("confirm") String confirm,
                            @Context SecurityContext security) {
        return act(id, security, confirm, () -> audited(runs.promote(id, confirm, user(security)), security,
                AuditAction.PROMOTE, "confirmed \"" + confirm + "\""));
    }

    @POST
    @Path("jobs/{id}/runs/{environment}/{action}")
    public Response control(@PathParam("id") long id, @PathParam("environment") String environment,
                            @PathParam("action") String action, @Context SecurityContext security) {
        TalkJsEnvironment env = RunApi.environment(environment);
        Roles.requireControl(identity, env);
        return act(id, security, null, () -> switch (action) {
            case "pause" -> audited(runs.pause(id, env), security, AuditAction.RUN_PAUSE, null);
            case "resume" -> audited(runs.resume(id, env), security, AuditAction.RUN_RESUME, null);
            case "cancel" -> audited(runs.cancel(id, env), security, AuditAction.RUN_CANCEL, null);
            case "retry-failed" -> audited(runs.retryFailed(id, env), security, AuditAction.RUN_RETRY, null);
            default -> throw new RunRefusedException("Unknown action " + action + ".");
        });
    }

    private Run audited(Run run, SecurityContext security, AuditAction action, String detail) {
        audit.record(security, action, run.jobId, run.environment, detail);
        return run;
    }

    /** Runs the action; on a refusal, back to the job page with the reason ({@code typed}: the promote field's text). */
    private Response act(long id, SecurityContext security, String typed, Supplier<Object> action) {
        Flash.Message message;
        try {
            action.get();
            return Response.seeOther(URI.create("/jobs/" + id)).build();
        } catch (ConfirmationMismatchException e) {
            message = Flash.Message.fieldError("promote", e.getMessage(), typed);
        } catch (RunRefusedException | IllegalTransitionException e) {
            message = Flash.Message.refusal(e.getMessage());
        }
        return Response.seeOther(URI.create("/jobs/" + id + "?flash=" + flash.put(JobPages.user(security), message)))
                .build();
    }

    private static String user(SecurityContext security) {
        return security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
    }
}
