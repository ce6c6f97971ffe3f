package io.talkport.api;

import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.bundle.format.JobSourceService;
import io.talkport.job.IssueCounts;
import io.talkport.job.IssueQuery;
import io.talkport.job.Job;
import io.talkport.job.JobIssue;
import io.talkport.job.JobService;
import io.talkport.job.JobValidator;
import io.talkport.job.UploadRejectedException;
import io.talkport.retention.Retention;
import io.talkport.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Context;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** JSON API for jobs: everything a page can do, for scripts and tests. */
@jakarta.ws.rs.Path("/api/jobs")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class JobApi {

    private final JobService jobs;
    private final JobValidator validator;
    private final JobSourceService sources;
    private final RunViews runs;
    private final AuditLog audit;
    private final Retention retention;
    private final IssueCounts issueCounts;

    public JobApi(JobService jobs, JobValidator validator, RunViews runs, AuditLog audit, Retention retention,
                  IssueCounts issueCounts, JobSourceService sources) {
        this.jobs = jobs;
        this.sources = sources;
        this.validator = validator;
        this.runs = runs;
        this.audit = audit;
        this.retention = retention;
        this.issueCounts = issueCounts;
    }

    @GET
    public List<JobDocument> list() {
        Map<Long, List<RunDocument>> runsByJob = runs.byJob();
        return jobs.list().stream().map(job -> JobDocument.of(job, runsByJob.getOrDefault(job.id, List.of()))).toList();
    }

    /**
     * Accepts a bundle (multipart part {@code file}, optional {@code name}, optional {@code format}: slack, sendbird,
     * mattermost or talkport; detected when absent); validation continues in the background.
     */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    public Response upload(@RestForm("file") FileUpload file, @RestForm("name") String name,
                           @RestForm("format") String format, @Context SecurityContext security) {
        if (file == null || file.uploadedFile() == null) {
            throw new UploadRejectedException(400, "Send the bundle as the multipart part 'file'.");
        }
        String formatId = requestedFormat(format);
        String jobName = name == null || name.isBlank() ? displayName(file.fileName()) : name.trim();
        String user = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        Job job = jobs.receive(jobName, file.uploadedFile(), file.size(), user);
        sources.request(job.id, formatId);
        validator.submit(job.id, java.nio.file.Path.of(job.archivePath));
        audit.record(security, AuditAction.UPLOAD, job.id, null,
                "\"" + jobName + "\", " + job.archiveBytes + " bytes");
        return Response.accepted(JobDocument.of(job, List.of())).location(URI.create("/api/jobs/" + job.id)).build();
    }

    @GET
    @jakarta.ws.rs.Path("{id}")
    public JobDocument get(@PathParam("id") long id) {
        return JobDocument.of(jobs.find(id), runs.of(id), retention.dueAt(id));
    }

    @GET
    @jakarta.ws.rs.Path("{id}/issues")
    public IssuePage issues(@PathParam("id") long id, @QueryParam("severity") String severity,
                            @QueryParam("code") String code, @QueryParam("page") @DefaultValue("1") int page,
                            @QueryParam("size") @DefaultValue("50") int size) {
        Job job = jobs.find(id);
        if (severity != null && !severity.isBlank() && !severity.equals("error") && !severity.equals("warning")) {
            throw new BadRequestException("severity must be 'error' or 'warning'.");
        }
        IssueQuery.Result result = new IssueQuery(id, severity, code, page, size).run(issueCounts.of(job));
        return new IssuePage(result.total(), result.items().stream().map(IssuePage.Item::of).toList());
    }

    @DELETE
    @jakarta.ws.rs.Path("{id}")
    @RolesAllowed(Roles.OPERATOR)
    public Response delete(@PathParam("id") long id, @QueryParam("confirm") String confirm,
                           @Context SecurityContext security) {
        String name = jobs.find(id).name;
        boolean live = jobs.delete(id, confirm, security.isUserInRole(Roles.ADMIN));
        audit.record(security, AuditAction.DELETE, id, null, deleteDetail(name, live, confirm));
        return Response.noContent().build();
    }

    /** The audit detail of a delete: the job's name, and the typed confirmation when the job had gone live. */
    public static String deleteDetail(String name, boolean live, String confirm) {
        return "\"" + name + "\"" + (live ? ", had a live run, confirmed \"" + confirm + "\"" : "");
    }

    /** The known format id, or null to detect it; 400 naming the known ids otherwise. */
    private String requestedFormat(String format) {
        try {
            return sources.checkRequested(format);
        } catch (IllegalArgumentException e) {
            throw new UploadRejectedException(400, e.getMessage());
        }
    }

    private static String displayName(String fileName) {
        return fileName == null || fileName.isBlank() ? "Unnamed bundle" : fileName;
    }

    /** One page of a job's issues. */
    public record IssuePage(long total, List<Item> items) {

        public record Item(String severity, String code, String file, Integer line, String field, String itemId,
                           String message) {
            static Item of(JobIssue issue) {
                return new Item(issue.severity, issue.code, issue.file, issue.line, issue.field, issue.itemId,
                        issue.message);
            }
        }
    }
}
