package io.talkport.usermap;

import io.talkport.job.JobService;
import io.talkport.security.Roles;
import io.talkport.usermap.UserIdMapping.MappingRefusedException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The job page's user-id mapping form ({@code POST /jobs/{id}/user-map}): applies the CSV, back with a notice. */
@Path("/jobs/{id}/user-map")
@RolesAllowed(Roles.OPERATOR)
public class UserMapPage {

    private final JobService jobs;
    private final UserIdMapping mapping;

    public UserMapPage(JobService jobs, UserIdMapping mapping) {
        this.jobs = jobs;
        this.mapping = mapping;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response applyFromPage(@PathParam("id") long id, @RestForm("file") FileUpload file,
                                  @RestForm("policy") String policy) throws IOException {
        jobs.find(id);
        String notice;
        try {
            UserIdMapping.Result result = UserMapResource.applyCsv(mapping, id, file, policy);
            notice = "User ids mapped: " + result.mapped() + " from the CSV, " + result.kept() + " kept, "
                    + result.placeholders() + " placeholders.";
        } catch (MappingRefusedException e) {
            notice = e.getMessage();
        }
        return Response.seeOther(URI.create("/jobs/" + id + "?notice="
                + URLEncoder.encode(notice, StandardCharsets.UTF_8))).build();
    }
}
