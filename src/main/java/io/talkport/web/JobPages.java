package io.talkport.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.talkport.api.RunDocument;
import io.talkport.api.RunViews;
import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.job.IllegalTransitionException;
import io.quarkus.security.ForbiddenException;
import io.talkport.api.FailureViews;
import io.talkport.api.JobApi;
import io.talkport.job.ConfirmationMismatchException;
import io.talkport.job.IssueCounts;
import io.talkport.job.IssueQuery;
import io.talkport.job.IssueSummary;
import io.talkport.job.Job;
import io.talkport.job.JobIssue;
import io.talkport.job.JobService;
import io.talkport.job.JobStatus;
import io.talkport.job.Run;
import io.talkport.job.RunRefusedException;
import io.talkport.progress.FailureGroups;
import io.talkport.security.Roles;
import io.talkport.talkjs.TalkJsEnvironment;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** The dashboard's HTML pages for jobs. htmx asks for fragments of the same URLs (header HX-Target). */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class JobPages {

    static final int ISSUE_PAGE_SIZE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<JobRow> jobs, Flash.Message flash);

        static native TemplateInstance list$rows(List<JobRow> jobs);

        static native TemplateInstance upload(long maxBytes);

        static native TemplateInstance format(String text); // text: the document as HTML

        static native TemplateInstance show(Job job, List<RunPanel> panels, IssueTable issues, Flash.Message flash,
                                            ValidationView validation);

        static native TemplateInstance show$summary(Job job, ValidationView validation);

        static native TemplateInstance show$runs(Job job, List<RunPanel> panels, Flash.Message flash);

        static native TemplateInstance show$issues(Job job, IssueTable issues);
    }

    private final JobService jobs;
    private final RunViews runs;
    private final io.talkport.job.JobConfig config;
    private final RunPanels panels;
    private final FailureGroups failures;
    private final AuditLog audit;
    private final IssueCounts issueCounts;
    private final Flash flash;

    public JobPages(JobService jobs, RunViews runs, io.talkport.job.JobConfig config, RunPanels panels,
                    FailureGroups failures, AuditLog audit, IssueCounts issueCounts, Flash flash) {
        this.jobs = jobs;
        this.runs = runs;
        this.config = config;
        this.panels = panels;
        this.failures = failures;
        this.audit = audit;
        this.issueCounts = issueCounts;
        this.flash = flash;
    }

    /** A row of the jobs list: the job and each environment's state. */
    public record JobRow(Job job, List<EnvironmentStatus> environments) {
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/jobs")).build();
    }

    @GET
    @Path("jobs")
    public TemplateInstance list(@HeaderParam("HX-Request") boolean htmx, @QueryParam("flash") String flashId,
                                 @Context SecurityContext security) {
        Map<Long, List<RunDocument>> byJob = runs.byJob();
        List<JobRow> rows = jobs.list().stream()
                .map(job -> new JobRow(job, EnvironmentStatus.of(byJob.get(job.id)))).toList();
        return htmx ? Templates.list$rows(rows) : Templates.list(rows, flash.take(flashId, user(security)));
    }

    /** docs/bundle-format.md as HTML, linked from the upload page (the pom copies it into the classpath). */
    @GET
    @Path("docs/bundle-format")
    public TemplateInstance bundleFormat() throws java.io.IOException {
        try (var in = JobPages.class.getResourceAsStream("/talkport-docs/bundle-format.md")) {
            if (in == null) {
                throw new jakarta.ws.rs.NotFoundException();
            }
            return Templates.format(MarkdownDocs.toHtml(new String(in.readAllBytes(),
                    java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    /** A natural guess for the upload page's address. */
    @GET
    @Path("upload")
    public Response uploadAlias() {
        return Response.seeOther(URI.create("/jobs/new")).build();
    }

    @GET
    @Path("jobs/new")
    @RolesAllowed(Roles.OPERATOR)
    public TemplateInstance upload() {
        return Templates.upload(config.maxBytes());
    }

    @GET
    @Path("jobs/{id}")
    public Response show(@PathParam("id") long id, @HeaderParam("HX-Target") String target,
                         @QueryParam("severity") String severity, @QueryParam("code") String code,
                         @QueryParam("page") @DefaultValue("1") int page,
                         @QueryParam("flash") String flashId, @Context SecurityContext security) {
        Job job = jobs.find(id);
        if ("summary".equals(target)) {
            // Once validation has ended the issues table changes too: reload the page once instead of patching it.
            return job.status == JobStatus.RECEIVED || job.status == JobStatus.VALIDATING
                    ? Response.ok(Templates.show$summary(job, ValidationView.of(job))).build()
                    : Response.ok().header("HX-Refresh", "true").build();
        }
        if ("runs".equals(target)) {
            return Response.ok(Templates.show$runs(job, panels.of(job), Flash.Message.NONE)).build();
        }
        IssueTable issues = IssueTable.load(job.id, issueCounts.of(job), severity, code, page);
        if ("issues".equals(target)) {
            return Response.ok(Templates.show$issues(job, issues)).build();
        }
        return Response.ok(Templates.show(job, panels.of(job), issues, flash.take(flashId, user(security)),
                ValidationView.of(job))).build();
    }

    /** Every failed item of a run as CSV; the page shows them grouped by reason. */
    @GET
    @Path("jobs/{id}/runs/{environment}/failures.csv")
    @Produces(IssueExport.TEXT_CSV)
    public Response failuresCsv(@PathParam("id") long id, @PathParam("environment") String environment) {
        jobs.find(id);
        TalkJsEnvironment env = "live".equals(environment) ? TalkJsEnvironment.LIVE : TalkJsEnvironment.TEST;
        Run run = QuarkusTransaction.requiringNew().call(() -> Run.find(id, env).orElse(null));
        if (run == null) {
            throw new jakarta.ws.rs.NotFoundException();
        }
        StreamingOutput body = out -> failures.writeCsv(run.id, out);
        return Response.ok(body, IssueExport.TEXT_CSV).header("Content-Disposition",
                "attachment; filename=\"job-" + id + "-" + run.environmentName() + "-failures.csv\"").build();
    }

    /** Deletes the job once its name has been typed; otherwise back to the job page with the error by the field. */
    @POST
    @Path("jobs/{id}/delete")
    @RolesAllowed(Roles.OPERATOR)
    public Response delete(@PathParam("id") long id, @RestForm("confirm") String confirm,
                           @Context SecurityContext security) {
        String name = jobs.find(id).name;
        if (confirm == null || !confirm.strip().equals(name)) {
            String message = confirm == null || confirm.isBlank()
                    ? "Type the job's name to delete it."
                    : "“" + confirm + "” is not this job's name; type " + name + " exactly to delete it.";
            return back("/jobs/" + id, security, Flash.Message.fieldError("delete", message, confirm));
        }
        boolean live;
        try {
            live = jobs.delete(id, confirm.strip(), security.isUserInRole(Roles.ADMIN));
        } catch (RunRefusedException | IllegalTransitionException | ConfirmationMismatchException
                 | ForbiddenException e) {
            return back("/jobs/" + id, security, Flash.Message.refusal(e.getMessage()));
        }
        audit.record(security, AuditAction.DELETE, id, null, JobApi.deleteDetail(name, live, confirm.strip()));
        return back("/jobs", security, Flash.Message.info("Deleted the job “" + name
                + "”, its staged data and its stored archive."));
    }

    private Response back(String path, SecurityContext security, Flash.Message message) {
        return Response.seeOther(URI.create(path + "?flash=" + flash.put(user(security), message))).build();
    }

    static String user(SecurityContext security) {
        return security.getUserPrincipal() == null ? "" : security.getUserPrincipal().getName();
    }

    /** The issues table of a job page: one filtered page plus what the filters and pager need. */
    public record IssueTable(String severity, String code, int page, int pages, long total, List<JobIssue> items,
                             List<String> codes) {

        static IssueTable load(long jobId, IssueSummary summary, String severity, String code, int page) {
            IssueQuery query = new IssueQuery(jobId, severity, code, page, ISSUE_PAGE_SIZE);
            IssueQuery.Result result = query.run(summary);
            int pages = (int) Math.max(1, (result.total() + ISSUE_PAGE_SIZE - 1) / ISSUE_PAGE_SIZE);
            return new IssueTable(query.severity(), query.code(), query.page(), pages, result.total(), result.items(),
                    summary.codes());
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages;
        }

        /** Query string of the CSV download with the same filters ("" without filters). */
        public String csvQuery() {
            String query = linkTo(1).substring("?page=1".length());
            return query.isEmpty() ? "" : "?" + query.substring(1);
        }

        /** Query string for another page with the same filters. */
        public String linkTo(int target) {
            StringBuilder query = new StringBuilder("?page=").append(target);
            if (severity != null) {
                query.append("&severity=").append(java.net.URLEncoder.encode(severity, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (code != null) {
                query.append("&code=").append(java.net.URLEncoder.encode(code, java.nio.charset.StandardCharsets.UTF_8));
            }
            return query.toString();
        }
    }
}
