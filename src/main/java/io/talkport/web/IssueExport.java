package io.talkport.web;

import io.talkport.job.IssueCsv;
import io.talkport.job.IssueQuery;
import io.talkport.job.JobService;
import io.talkport.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;

/** The job page's "Download as CSV" link: the issues with the page's filters, streamed as a file. */
@Path("/")
@RolesAllowed(Roles.VIEWER)
public class IssueExport {

    static final String TEXT_CSV = "text/csv; charset=UTF-8";

    private final JobService jobs;
    private final IssueCsv csv;

    public IssueExport(JobService jobs, IssueCsv csv) {
        this.jobs = jobs;
        this.csv = csv;
    }

    @GET
    @Path("jobs/{id}/issues.csv")
    @Produces(TEXT_CSV)
    public Response issues(@PathParam("id") long id, @QueryParam("severity") String severity,
                           @QueryParam("code") String code) {
        jobs.find(id);
        IssueQuery query = new IssueQuery(id, severity, code, 1, IssueQuery.MAX_SIZE);
        StreamingOutput body = out -> csv.write(query, out);
        return Response.ok(body, TEXT_CSV)
                .header("Content-Disposition", "attachment; filename=\"job-" + id + "-issues.csv\"")
                .build();
    }
}
