package io.talkport.audit;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.talkport.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** The audit trail page, newest first, 50 entries a page. */
@Path("/audit")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Roles.OPERATOR)
public class AuditPages {

    static final int PAGE_SIZE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance list(AuditLog.Page events);
    }

    private final AuditLog audit;

    public AuditPages(AuditLog audit) {
        this.audit = audit;
    }

    @GET
    public TemplateInstance list(@QueryParam("page") @DefaultValue("1") int page) {
        return Templates.list(audit.page(page, PAGE_SIZE));
    }
}
