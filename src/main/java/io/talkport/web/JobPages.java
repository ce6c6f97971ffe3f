package io.talkport.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.ForbiddenException;
import io.talkport.api.FailureViews;
import io.talkport.api.JobApi;
import io.talkport.api.RunViews;
import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.job.ConfirmationMismatchException;
import io.talkport.job.IssueCounts;
import io.talkport.job.IssueQuery;
import io.talkport.job.IssueSummary;
import io.talkport.job.Job;
import io.talkport.job.JobIssue;
import io.talkport.job.JobService;
import io.talkport.job.JobStatus;
import io.talkport.job.RunRefusedException;
import io.talkport.security.Roles;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsEnvironment;
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
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The dashboard's HTML pages for jobs. htmx asks for fragments of the same URLs (header HX-Target). */
@Path("/")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.VIEWER)
public class JobPages {

    static final int ISSUE_PAGE_SIZE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(List<Job> jobs);

        static native TemplateInstance list$rows(List<Job> jobs);

        static native TemplateInstance upload(long maxBytes);

        static native TemplateInstance show(Job job, List<RunPanel> panels, IssueTable issues, String notice);

        static native TemplateInstance show$summary(Job job);

        static native TemplateInstance show$runs(Job job, List<RunPanel> panels);

        static native TemplateInstance show$issues(Job job, IssueTable issues);
    }

    private final JobService jobs;
    private final RunViews runs;
    private final io.talkport.job.JobConfig config;
    private final TalkJsClient client;
    private final FailureViews failures;
    private final AuditLog audit;
    private final IssueCounts issueCounts;

    public JobPages(JobService jobs, RunViews runs, io.talkport.job.JobConfig config, TalkJsClient client,
                    FailureViews failures, AuditLog audit, IssueCounts issueCounts) {
        this.jobs = jobs;
        this.runs = runs;
        this.config = config;
        this.client = client;
        this.failures = failures;
        this.audit = audit;
        this.issueCounts = issueCounts;
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/jobs")).build();
    }

    @GET
    @Path("jobs")
    public TemplateInstance list(@HeaderParam("HX-Request") boolean htmx) {
        List<Job> all = jobs.list();
        return htmx ? Templates.list$rows(all) : Templates.list(all);
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
                         @QueryParam("notice") String notice) {
        Job job = jobs.find(id);
        if ("summary".equals(target)) {
            // Once validation has ended the issues table changes too: reload the page once instead of patching it.
            return job.status == JobStatus.RECEIVED || job.status == JobStatus.VALIDATING
                    ? Response.ok(Templates.show$summary(job)).build()
                    : Response.ok().header("HX-Refresh", "true").build();
        }
        if ("runs".equals(target)) {
            return Response.ok(Templates.show$runs(job, panels(job))).build();
        }
        IssueTable issues = IssueTable.load(job.id, issueCounts.of(job), severity, code, page);
        if ("issues".equals(target)) {
            return Response.ok(Templates.show$issues(job, issues)).build();
        }
        return Response.ok(Templates.show(job, panels(job), issues, notice)).build();
    }

    private List<RunPanel> panels(Job job) {
        return RunPanel.of(job, runs.of(job.id), client.isSandbox(TalkJsEnvironment.TEST),
                client.isSandbox(TalkJsEnvironment.LIVE), failures, runs.throughputOf(job.id));
    }

    @POST
    @Path("jobs/{id}/delete")
    @RolesAllowed(Roles.OPERATOR)
    public Response delete(@PathParam("id") long id, @RestForm("confirm") String confirm,
                           @Context SecurityContext security) {
        String name = jobs.find(id).name;
        try {
            boolean live = jobs.delete(id, confirm, security.isUserInRole(Roles.ADMIN));
            audit.record(security, AuditAction.DELETE, id, null, JobApi.deleteDetail(name, live, confirm));
        } catch (RunRefusedException | ConfirmationMismatchException | ForbiddenException e) {
            return Response.seeOther(URI.create("/jobs/" + id + "?notice="
                    + URLEncoder.encode(e.getMessage(), StandardCharsets.UTF_8))).build();
        }
        return Response.seeOther(URI.create("/jobs")).build();
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
