package io.talkport.usermap;

import io.talkport.audit.AuditAction;
import io.talkport.audit.AuditLog;
import io.talkport.job.JobService;
import io.talkport.security.Roles;
import io.talkport.web.Plural;
import io.talkport.usermap.UserIdMapping.MappingRefusedException;
import io.talkport.usermap.UserIdMapping.Policy;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * User-id mapping of a job for scripts, {@code /api/jobs/{id}/user-map} (JSON). The upload is a CSV (multipart part
 * {@code file}: {@code sourceId,talkjsId} or {@code email,talkjsId}); {@code policy} = {@code keep} (default) or
 * {@code placeholder} for the users it does not name. The class path is specific on purpose: RESTEasy Reactive
 * picks the most specific class first, and {@code JobApi} owns {@code /api/jobs}.
 */
@Path("/api/jobs/{id}/user-map")
@RolesAllowed(Roles.VIEWER)
public class UserMapResource {

    private final JobService jobs;
    private final UserIdMapping mapping;
    private final AuditLog audit;

    public UserMapResource(JobService jobs, UserIdMapping mapping, AuditLog audit) {
        this.audit = audit;
        this.jobs = jobs;
        this.mapping = mapping;
    }

    /** {@code [{"sourceId", "talkjsId", "how"}]}, empty before a mapping was applied. */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public List<UserIdMapping.Row> rows(@PathParam("id") long id) {
        jobs.find(id);
        return mapping.rows(id);
    }

    /** 200 {@code {"mapped", "kept", "placeholders", "unmapped": [...], "unusedRows": [...]}}; 400/409 {"error"}. */
    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response apply(@PathParam("id") long id, @RestForm("file") FileUpload file,
                          @RestForm("policy") String policy, @Context SecurityContext security) throws IOException {
        jobs.find(id);
        try {
            UserIdMapping.Result result = applyCsv(mapping, id, file, policy);
            audit.record(security, AuditAction.USER_MAP, id, null, auditDetail(result));
            return Response.ok(result).build();
        } catch (MappingRefusedException e) {
            return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", e.getMessage())).build();
        }
    }

    /** What the audit trail says of an applied mapping. */
    static String auditDetail(UserIdMapping.Result result) {
        return "user ids mapped: " + result.mapped() + " from the CSV, " + result.kept() + " kept, "
                + result.placeholders() + " placeholders"
                + (result.unusedRows().isEmpty() ? ""
                : ", " + Plural.of(result.unusedRows().size(), "CSV row") + " matched nobody");
    }

    static UserIdMapping.Result applyCsv(UserIdMapping mapping, long id, FileUpload file, String policy)
            throws IOException {
        if (file == null || file.uploadedFile() == null) {
            throw new MappingRefusedException(400, "Send the CSV as the multipart part 'file'.");
        }
        Policy chosen;
        try {
            chosen = policy == null || policy.isBlank() ? Policy.KEEP : Policy.valueOf(policy.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MappingRefusedException(400, "policy must be keep or placeholder, not \"" + policy + "\".");
        }
        try (Reader reader = Files.newBufferedReader(file.uploadedFile(), StandardCharsets.UTF_8)) {
            return mapping.apply(id, reader, chosen);
        }
    }
}
