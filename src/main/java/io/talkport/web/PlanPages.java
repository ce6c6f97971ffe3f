package io.talkport.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.delivery.DeliveryPlanner;
import io.talkport.job.ConfirmationMismatchException;
import io.talkport.job.RunRefusedException;
import io.talkport.job.RunService;
import io.talkport.security.Roles;
import io.talkport.talkjs.TalkJsEnvironment;
import io.talkport.talkjs.TalkJsException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;

/**
 * The plan on the job page: "Check against TalkJS" shows what a push would send now (new messages, messages already in
 * the app, messages there that the job does not hold), "Import what is missing" runs it, and "Remove this job's test
 * import" deletes the conversations the job created in the test app. The same URL answers htmx with the fragment and
 * a browser without it with a page.
 */
@Path("/")
@RolesAllowed(Roles.OPERATOR)
public class PlanPages {

    /** A plan, or why it could not be made, for the page. */
    public record PlanView(long jobId, String environment, DeliveryPlanner.Plan plan, String error,
                           boolean addMissingSenders) {
    }

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance plan(PlanView view);

        static native TemplateInstance plan$result(PlanView view);
    }

    private final RunService runs;
    private final AuditLog audit;
    private final SecurityIdentity identity;
    private final Flash flash;

    public PlanPages(RunService runs, AuditLog audit, SecurityIdentity identity, Flash flash) {
        this.runs = runs;
        this.audit = audit;
        this.identity = identity;
        this.flash = flash;
    }

    @GET
    @Path("jobs/{id}/plan")
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance plan(@PathParam("id") long id,
                                 @QueryParam("environment") @DefaultValue("test") String environment,
                                 @HeaderParam("HX-Request") boolean htmx) {
        TalkJsEnvironment env = "live".equals(environment) ? TalkJsEnvironment.LIVE : TalkJsEnvironment.TEST;
        Roles.requireControl(identity, env);
        PlanView view;
        try {
            view = new PlanView(id, env.key(), runs.plan(id, env), null, runs.addsMissingSenders(id, env));
        } catch (RunRefusedException | TalkJsException e) {
            view = new PlanView(id, env.key(), null, e.getMessage(), false);
        }
        return htmx ? Templates.plan$result(view) : Templates.plan(view);
    }

    @POST
    @Path("jobs/{id}/remove-test-import")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response removeTestImport(@PathParam("id") long id, @RestForm("confirm") String confirm,
                                     @Context SecurityContext security) {
        String user = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        Flash.Message message;
        try {
            RunService.Removal removal = runs.removeTestImport(id, confirm, user);
            audit.record(security, AuditAction.REMOVE_TEST_IMPORT, id, TalkJsEnvironment.TEST,
                    "removed the test import: " + removal.conversationsDeleted() + " conversations deleted");
            message = Flash.Message.info("Removed this job's test import: " + removal.conversationsDeleted()
                    + " conversations deleted from the test app.");
        } catch (RunRefusedException | ConfirmationMismatchException | TalkJsException e) {
            message = Flash.Message.refusal(e.getMessage());
        }
        return Response.seeOther(URI.create("/jobs/" + id + "?flash=" + flash.put(user == null ? "" : user, message)))
                .build();
    }
}
