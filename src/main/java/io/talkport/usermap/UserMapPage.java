package io.talkport.usermap;

import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.job.JobService;
import io.talkport.security.Roles;
import io.talkport.usermap.UserIdMapping.MappingRefusedException;
import io.talkport.web.Flash;
import io.talkport.web.Plural;
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
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.net.URI;

/**
 * The job page's user-id mapping form ({@code POST /jobs/{id}/user-map}): applies the CSV and goes back to the job
 * page with what it did, or why it was refused, as a server-held {@link Flash} message (a URL cannot set it).
 */
@Path("/jobs/{id}/user-map")
@RolesAllowed(Roles.OPERATOR)
public class UserMapPage {

    private final JobService jobs;
    private final UserIdMapping mapping;
    private final Flash flash;
    private final AuditLog audit;

    public UserMapPage(JobService jobs, UserIdMapping mapping, Flash flash, AuditLog audit) {
        this.audit = audit;
        this.jobs = jobs;
        this.mapping = mapping;
        this.flash = flash;
    }

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response applyFromPage(@PathParam("id") long id, @RestForm("file") FileUpload file,
                                  @RestForm("policy") String policy, @Context SecurityContext security)
            throws IOException {
        jobs.find(id);
        Flash.Message message;
        try {
            UserIdMapping.Result result = UserMapResource.applyCsv(mapping, id, file, policy);
            audit.record(security, AuditAction.USER_MAP, id, null, UserMapResource.auditDetail(result));
            message = Flash.Message.info("User ids mapped: " + result.mapped() + " from the CSV, " + result.kept()
                    + " kept, " + result.placeholders() + " placeholders." + (result.unusedRows().isEmpty() ? ""
                    : " " + Plural.of(result.unusedRows().size(), "CSV row")
                    + " matched no user of the export: " + String.join("; ", result.unusedRows()) + "."));
        } catch (MappingRefusedException e) {
            message = Flash.Message.refusal(e.getMessage());
        }
        String user = security.getUserPrincipal() == null ? "" : security.getUserPrincipal().getName();
        return Response.seeOther(URI.create("/jobs/" + id + "?flash=" + flash.put(user, message))).build();
    }
}
