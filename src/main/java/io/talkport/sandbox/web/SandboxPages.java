package io.talkport.sandbox.web;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxAudit;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxException;
import io.talkport.sandbox.TalkJsSandbox;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.List;

/** Server-rendered browse pages of the sandbox: apps, an app's users and conversations, a conversation's messages. */
@Path("/sandbox")
@Produces(MediaType.TEXT_HTML)
public class SandboxPages {

    static final int PAGE_SIZE = 50;

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance index(List<SandboxApp.State> apps);

        static native TemplateInstance app(SandboxApp.State app, SandboxViewModels.Page<SandboxViewModels.UserRow> users,
                                           SandboxViewModels.Page<SandboxViewModels.ConversationRow> conversations,
                                           String lastReset);

        static native TemplateInstance conversation(SandboxApp.State app, SandboxViewModels.ConversationRow conversation,
                                                    SandboxViewModels.Page<SandboxViewModels.MessageRow> messages);

        static native TemplateInstance notFound(String what);
    }

    private final TalkJsSandbox sandbox;
    private final SandboxViewModels models;
    private final SandboxAudit audit;

    SandboxPages(TalkJsSandbox sandbox, SandboxViewModels models, SandboxAudit audit) {
        this.sandbox = sandbox;
        this.models = models;
        this.audit = audit;
    }

    @GET
    public TemplateInstance index() {
        return Templates.index(sandbox.apps().stream().map(SandboxApp::state).toList());
    }

    @GET
    @Path("apps/{appId}")
    public TemplateInstance app(@RestPath String appId, @RestQuery Integer usersPage,
                                @RestQuery Integer conversationsPage) {
        SandboxApp app = sandbox.app(appId);
        return Templates.app(app.state(), models.users(app, page(usersPage)),
                models.conversations(app, page(conversationsPage)), app.lastReset());
    }

    @GET
    @Path("apps/{appId}/conversations/{conversationId}")
    public TemplateInstance conversation(@RestPath String appId, @RestPath String conversationId,
                                         @RestQuery Integer page) {
        SandboxApp app = sandbox.app(appId);
        SandboxConversation conversation = app.conversation(conversationId);
        if (conversation == null) {
            throw SandboxException.notFound("CONVERSATION_NOT_FOUND", "There is no conversation with this id");
        }
        return Templates.conversation(app.state(), SandboxViewModels.row(conversation),
                models.messages(app, conversation, page(page)));
    }

    /**
     * The app page's "Reset all data" button: a form post with the page's CSRF token (checked by the app's CSRF
     * filter like every form), operators only, recorded in the audit trail ({@code sandbox.reset}); then back to the
     * app page. A viewer gets 403.
     */
    @POST
    @Path("apps/{appId}/reset")
    @RolesAllowed("operator")
    public Response reset(@RestPath String appId, @Context SecurityContext security) {
        SandboxApp app = sandbox.app(appId);
        SandboxApp.State before = app.state();
        app.resetData();
        String deleted = count(before.users(), "user") + ", " + count(before.conversations(), "conversation") + ", "
                + count(before.messages(), "message") + ", " + count(before.files(), "file");
        audit.record(security.getUserPrincipal(), "sandbox.reset", appId, "reset all data (" + deleted + ")");
        app.noteReset("All data reset at " + java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.now()) + " by "
                + (security.getUserPrincipal() == null ? "?" : security.getUserPrincipal().getName()) + ": " + deleted
                + " deleted.");
        return Response.seeOther(UriBuilder.fromPath("/sandbox/apps/{appId}").build(appId)).build();
    }

    @ServerExceptionMapper
    public Response notFound(SandboxException e) {
        return Response.status(e.status()).type(MediaType.TEXT_HTML_TYPE)
                .entity(Templates.notFound(String.valueOf(e.reasons())).render()).build();
    }

    /** "1 user", "2 users". */
    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static int page(Integer page) {
        return page == null || page < 1 ? 1 : page;
    }
}
