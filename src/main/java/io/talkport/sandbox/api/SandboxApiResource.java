package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxException;
import io.talkport.sandbox.SandboxFile;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.SandboxRoute;
import io.talkport.sandbox.TalkJsSandbox;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated TalkJS REST API: a client with base URL {@code http://host/sandbox/talkjs} talks to it exactly as to
 * {@code https://api.talkjs.com}. Thin: each method binds, then hands one operation to {@link SandboxGateway}.
 */
@Path("/sandbox/talkjs")
public class SandboxApiResource {

    private static final Pattern APP_PATH = Pattern.compile("^/sandbox/talkjs/v1/([^/]+)/.*");

    private final SandboxGateway gateway;
    private final ObjectMapper mapper;
    private final UserOps users;
    private final ConversationOps conversations;
    private final MessageOps messages;
    private final FileOps files;
    private final BatchOps batches;
    private final ReactionOps reactions;
    private final TalkJsSandbox sandbox;

    @Context
    HttpServerRequest request;

    SandboxApiResource(SandboxGateway gateway, ObjectMapper mapper, UserOps users, ConversationOps conversations,
                       MessageOps messages, FileOps files, BatchOps batches, ReactionOps reactions,
                       TalkJsSandbox sandbox) {
        this.gateway = gateway;
        this.mapper = mapper;
        this.users = users;
        this.conversations = conversations;
        this.messages = messages;
        this.files = files;
        this.batches = batches;
        this.reactions = reactions;
        this.sandbox = sandbox;
    }

    // ----- users -----

    @PUT
    @Path("v1/{appId}/users/{userId}")
    public Response putUser(@RestPath String appId, @RestPath String userId, byte[] body) {
        return write(SandboxRoute.USER_PUT, appId, body, call -> {
            users.upsert(call.app, userId, json(body, true));
            return null;
        });
    }

    @PUT
    @Path("v1/{appId}/users")
    public Response putUsers(@RestPath String appId, byte[] body) {
        return write(SandboxRoute.USERS_BATCH_PUT, appId, body, call -> {
            var json = json(body, true);
            call.itemCount = json.size();
            users.upsertBatch(call.app, json);
            return null;
        });
    }

    @GET
    @Path("v1/{appId}/users/{userId}")
    public Response getUser(@RestPath String appId, @RestPath String userId) {
        return read(SandboxRoute.USER_GET, appId, call -> SandboxViews.user(users.get(call.app, userId)));
    }

    @GET
    @Path("v1/{appId}/users")
    public Response listUsers(@RestPath String appId, @RestQuery String limit, @RestQuery String startingAfter) {
        return read(SandboxRoute.USERS_LIST, appId, call -> SandboxViews.data(
                users.list(call.app, limit, startingAfter).stream().map(SandboxViews::user).toList()));
    }

    @GET
    @Path("v1/{appId}/users/{userId}/conversations")
    public Response listUserConversations(@RestPath String appId, @RestPath String userId, @RestQuery String limit,
                                          @RestQuery String startingAfter, @RestQuery String lastMessageBefore,
                                          @RestQuery String lastMessageAfter, @RestQuery String orderBy,
                                          @RestQuery String orderDirection, @RestQuery String unreadsOnly) {
        String base = baseUrl();
        var params = new ConversationListing.Params(limit, startingAfter, lastMessageBefore, lastMessageAfter,
                orderBy, orderDirection, unreadsOnly);
        return read(SandboxRoute.USER_CONVERSATIONS, appId, call -> SandboxViews.data(
                conversations.listForUser(call.app, userId, params).stream()
                        .map(c -> SandboxViews.conversation(c.snapshot(), base)).toList()));
    }

    // ----- conversations and participants -----

    @PUT
    @Path("v1/{appId}/conversations/{conversationId}")
    public Response putConversation(@RestPath String appId, @RestPath String conversationId, byte[] body) {
        return write(SandboxRoute.CONVERSATION_PUT, appId, body, call -> {
            conversations.upsert(call.app, conversationId, json(body, true));
            return null;
        });
    }

    @GET
    @Path("v1/{appId}/conversations/{conversationId}")
    public Response getConversation(@RestPath String appId, @RestPath String conversationId) {
        return read(SandboxRoute.CONVERSATION_GET, appId, call -> SandboxViews.conversation(
                conversations.get(call.app, conversationId).snapshot(), baseUrl()));
    }

    @DELETE
    @Path("v1/{appId}/conversations/{conversationId}")
    public Response deleteConversation(@RestPath String appId, @RestPath String conversationId) {
        return read(SandboxRoute.CONVERSATION_DELETE, appId, call -> {
            conversations.delete(call.app, conversationId);
            return null;
        });
    }

    @GET
    @Path("v1/{appId}/conversations")
    public Response listConversations(@RestPath String appId, @RestQuery String limit,
                                      @RestQuery String startingAfter, @RestQuery String lastMessageBefore,
                                      @RestQuery String lastMessageAfter, @RestQuery String orderBy,
                                      @RestQuery String orderDirection, @RestQuery String unreadsOnly) {
        String base = baseUrl();
        var params = new ConversationListing.Params(limit, startingAfter, lastMessageBefore, lastMessageAfter,
                orderBy, orderDirection, unreadsOnly);
        return read(SandboxRoute.CONVERSATIONS_LIST, appId, call -> SandboxViews.data(
                conversations.list(call.app, params).stream()
                        .map(c -> SandboxViews.conversation(c.snapshot(), base)).toList()));
    }

    @PUT
    @Path("v1/{appId}/conversations/{conversationId}/participants/{userId}")
    public Response putParticipant(@RestPath String appId, @RestPath String conversationId,
                                   @RestPath String userId, byte[] body) {
        return write(SandboxRoute.PARTICIPANT_PUT, appId, body, call -> {
            conversations.putParticipant(call.app, conversationId, userId, json(body, false));
            return null;
        });
    }

    @PATCH
    @Path("v1/{appId}/conversations/{conversationId}/participants/{userId}")
    public Response patchParticipant(@RestPath String appId, @RestPath String conversationId,
                                     @RestPath String userId, byte[] body) {
        return write(SandboxRoute.PARTICIPANT_PATCH, appId, body, call -> {
            conversations.patchParticipant(call.app, conversationId, userId, json(body, true));
            return null;
        });
    }

    @DELETE
    @Path("v1/{appId}/conversations/{conversationId}/participants/{userId}")
    public Response deleteParticipant(@RestPath String appId, @RestPath String conversationId,
                                      @RestPath String userId) {
        return read(SandboxRoute.PARTICIPANT_DELETE, appId, call -> {
            conversations.removeParticipant(call.app, conversationId, userId);
            return null;
        });
    }

    // ----- messages -----

    @GET
    @Path("v1/{appId}/conversations/{conversationId}/messages")
    public Response listMessages(@RestPath String appId, @RestPath String conversationId, @RestQuery String limit,
                                 @RestQuery String startingAfter) {
        String base = baseUrl();
        return read(SandboxRoute.MESSAGES_LIST, appId, call -> {
            List<SandboxMessage> page = messages.list(call.app, conversationId, limit, startingAfter);
            SandboxConversation conversation = conversations.get(call.app, conversationId);
            return SandboxViews.data(page.stream()
                    .map(m -> SandboxViews.message(m, conversation.reactions(m.id()), base)).toList());
        });
    }

    @GET
    @Path("v1/{appId}/conversations/{conversationId}/messages/{messageId}")
    public Response getMessage(@RestPath String appId, @RestPath String conversationId,
                               @RestPath String messageId) {
        return read(SandboxRoute.MESSAGE_GET, appId, call -> SandboxViews.message(
                messages.get(call.app, conversationId, messageId),
                conversations.get(call.app, conversationId).reactions(messageId), baseUrl()));
    }

    @POST
    @Path("v1/{appId}/conversations/{conversationId}/messages")
    public Response sendMessages(@RestPath String appId, @RestPath String conversationId, byte[] body) {
        return write(SandboxRoute.MESSAGES_SEND, appId, body, call -> {
            var json = json(body, true);
            call.itemCount = json.isArray() ? json.size() : null;
            return ids(messages.send(call.app, conversationId, json));
        });
    }

    @POST
    @Path("v1/{appId}/import/conversations/{conversationId}/messages")
    public Response importMessages(@RestPath String appId, @RestPath String conversationId, byte[] body) {
        return write(SandboxRoute.IMPORT, appId, body, call -> {
            var json = json(body, true);
            call.itemCount = json.isArray() ? json.size() : null;
            return ids(messages.importMessages(call.app, conversationId, json));
        });
    }

    // ----- reactions -----

    @GET
    @Path("v1/{appId}/conversations/{conversationId}/messages/{messageId}/reactions/{emoji}")
    public Response listReactions(@RestPath String appId, @RestPath String conversationId,
                                  @RestPath String messageId, @RestPath String emoji, @RestQuery String limit,
                                  @RestQuery String startingAfter) {
        return read(SandboxRoute.REACTIONS_LIST, appId, call -> SandboxViews.data(
                reactions.list(call.app, conversationId, messageId, emoji, limit, startingAfter)));
    }

    @PUT
    @Path("v1/{appId}/conversations/{conversationId}/messages/{messageId}/reactions/{emoji}/{userId}")
    public Response putReaction(@RestPath String appId, @RestPath String conversationId,
                                @RestPath String messageId, @RestPath String emoji, @RestPath String userId,
                                byte[] body) {
        return write(SandboxRoute.REACTION_PUT, appId, body, call -> {
            reactions.put(call.app, conversationId, messageId, emoji, userId, json(body, false));
            return null;
        });
    }

    @DELETE
    @Path("v1/{appId}/conversations/{conversationId}/messages/{messageId}/reactions/{emoji}/{userId}")
    public Response deleteReaction(@RestPath String appId, @RestPath String conversationId,
                                   @RestPath String messageId, @RestPath String emoji, @RestPath String userId) {
        return read(SandboxRoute.REACTION_DELETE, appId, call -> {
            reactions.delete(call.app, conversationId, messageId, emoji, userId);
            return null;
        });
    }

    // ----- batch -----

    @POST
    @Path("v1/{appId}/batch")
    public Response batch(@RestPath String appId, byte[] body) {
        String base = baseUrl();
        return write(SandboxRoute.BATCH, appId, body, call -> {
            var json = json(body, true);
            call.itemCount = json.isArray() ? json.size() : null;
            return batches.run(call.app, json, base);
        });
    }

    // ----- files -----

    @POST
    @Path("v1/{appId}/files")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    public Response uploadFile(@RestPath String appId, @RestForm("file") FileUpload file,
                               @RestForm String filename, @RestForm String subtype, @RestForm String width,
                               @RestForm String height, @RestForm String duration) {
        long size = file == null ? 0 : file.size();
        return gateway.handle(SandboxRoute.FILES_POST, appId, request, size, null, call -> {
            SandboxFile stored = files.store(call.app,
                    new FileOps.Upload(file, filename, subtype, width, height, duration));
            return Map.of("attachmentToken", stored.token(), "fileToken", stored.token());
        });
    }

    @POST
    @Path("v1/{appId}/files")
    @Consumes(MediaType.WILDCARD)
    public Response uploadFileWithoutMultipart(@RestPath String appId, byte[] body) {
        return write(SandboxRoute.FILES_POST, appId, body, call -> {
            throw SandboxException.badRequest("UNSUPPORTED_CONTENT_TYPE", "File uploads must be multipart/form-data");
        });
    }

    /**
     * Serves an uploaded file's bytes: the {@code attachment.url} of imported messages points here. Always as a
     * download that cannot run in a browser ({@link FileDownloads}).
     */
    @GET
    @Path("files/{appId}/{token}/{filename}")
    public Response downloadFile(@RestPath String appId, @RestPath String token, @RestPath String filename) {
        SandboxApp app = sandbox.findApp(appId);
        SandboxFile file = app == null ? null : app.files().get(token);
        if (file == null || !file.filename().equals(filename)) {
            return SandboxGateway.error(SandboxException.notFound("FILE_NOT_FOUND", "There is no such file"));
        }
        return FileDownloads.of(file);
    }

    // ----- anything else: JSON 404, like TalkJS -----

    @GET
    @Path("{path: .*}")
    public Response unknownGet() {
        return unknown(null);
    }

    @PUT
    @Path("{path: .*}")
    public Response unknownPut() {
        return unknown(null); // no body parameter: an unknown endpoint never reads one
    }

    @POST
    @Path("{path: .*}")
    public Response unknownPost() {
        return unknown(null); // no body parameter: an unknown endpoint never reads one
    }

    @PATCH
    @Path("{path: .*}")
    public Response unknownPatch() {
        return unknown(null); // no body parameter: an unknown endpoint never reads one
    }

    @DELETE
    @Path("{path: .*}")
    public Response unknownDelete() {
        return unknown(null);
    }

    private Response unknown(byte[] body) {
        SandboxException notFound = SandboxException.notFound("NOT_FOUND", "There is no such endpoint");
        Matcher matcher = APP_PATH.matcher(request.path());
        if (!matcher.matches() || sandbox.findApp(matcher.group(1)) == null) {
            return SandboxGateway.error(notFound);
        }
        return write(SandboxRoute.UNKNOWN, matcher.group(1), body, call -> {
            throw notFound;
        });
    }

    private Response write(SandboxRoute route, String appId, byte[] body, SandboxGateway.Endpoint endpoint) {
        return gateway.handle(route, appId, request, body == null ? 0 : body.length, body, endpoint);
    }

    private Response read(SandboxRoute route, String appId, SandboxGateway.Endpoint endpoint) {
        return gateway.handle(route, appId, request, 0, null, endpoint);
    }

    private com.fasterxml.jackson.databind.JsonNode json(byte[] body, boolean required) {
        return SandboxJson.parse(mapper, request.getHeader("Content-Type"), body, required);
    }

    private static List<Map<String, String>> ids(List<String> ids) {
        return ids.stream().map(id -> Map.of("id", id)).toList();
    }

    private String baseUrl() {
        URI uri = URI.create(request.absoluteURI());
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }
}
