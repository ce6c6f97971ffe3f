package io.talkport.api;

import io.talkport.bundle.format.JobSourceService;
import io.talkport.bundle.format.JobSourceService.JobSource;
import io.talkport.job.JobService;
import io.talkport.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /api/jobs/{id}/source}: the format the archive was read as, its summary line and the carry-over report
 * ({@code {"requestedFormat", "format", "summary", "entries": [{"outcome", "code", "description", "count",
 * "examples"}]}}). 404 when the job does not exist; empty fields for a job staged before formats existed.
 */
@Path("/api/jobs/{id}/source")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.VIEWER)
public class JobSourceApi {

    private final JobService jobs;
    private final JobSourceService sources;

    public JobSourceApi(JobService jobs, JobSourceService sources) {
        this.jobs = jobs;
        this.sources = sources;
    }

    @GET
    public JobSource get(@PathParam("id") long id) {
        jobs.find(id);
        return sources.find(id).orElse(new JobSource(null, null, null, java.util.List.of()));
    }
}
