package io.talkport.audit;

import io.talkport.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The audit trail as JSON, newest first: {@code GET /api/audit?page=1&size=50}. */
@Path("/api/audit")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
public class AuditApi {

    private final AuditLog audit;

    public AuditApi(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    public AuditLog.Page list(@QueryParam("page") @DefaultValue("1") int page,
                              @QueryParam("size") @DefaultValue("50") int size) {
        return audit.page(page, size);
    }
}
