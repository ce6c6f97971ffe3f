package io.talkport.talkjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import static io.talkport.talkjs.TalkJsCaller.segment;

/**
 * The TalkJS REST API as Talkport uses it: users, conversations, participants, message import, file upload and
 * reading back, for the {@link TalkJsEnvironment#TEST test} and {@link TalkJsEnvironment#LIVE live} apps.
 *
 * <p>Owns auth (short-lived app tokens), a rate limiter per app shared by all threads, retries of idempotent
 * calls on 5xx/I/O errors, a circuit breaker per app ({@link #isOpen}), and error translation into
 * {@link TalkJsException}s. A message import is never retried on an unknown outcome: it throws
 * {@link TalkJsOutcomeUnknownException} and the caller reads back before resending.
 */
@ApplicationScoped
public class TalkJsClient {

    /** TalkJS's limit for batch user upserts. */
    public static final int MAX_USERS_PER_BATCH = 100;
    /** The most messages per import call Talkport sends (TalkJS's transfer script sends 100 in the content form). */
    public static final int MAX_IMPORT_BATCH = 100;
    /** The largest page TalkJS serves for users and messages. */
    public static final int MESSAGE_PAGE_SIZE = 100;

    private static final String JSON = "application/json";

    private final TalkJsConfig config;
    private final TalkJsCaller caller;
    private final TalkJsMetrics metrics;
    private final ObjectMapper json;
    private final MessageImports imports;

    @Inject
    public TalkJsClient(TalkJsConfig config, MeterRegistry registry, ObjectMapper json) {
        if (config.imports().batchSize() < 1 || config.imports().batchSize() > MAX_IMPORT_BATCH) {
            throw new IllegalStateException("talkjs.import.batch-size must be between 1 and " + MAX_IMPORT_BATCH
                    + ", is " + config.imports().batchSize());
        }
        this.config = config;
        this.json = json;
        this.metrics = new TalkJsMetrics(registry);
        this.caller = new TalkJsCaller(config, metrics);
        this.imports = new MessageImports(config.imports().format(), json);
    }

    // ---- users ------------------------------------------------------------------------------------------------

    /** Creates or patches up to 100 users in one all-or-nothing call; a 400 means none was applied. */
    public void upsertUsers(TalkJsEnvironment env, Map<String, ? extends JsonNode> users) {
        if (users.size() > MAX_USERS_PER_BATCH) {
            throw new IllegalArgumentException("TalkJS accepts at most " + MAX_USERS_PER_BATCH
                    + " users per batch, got " + users.size());
        }
        if (users.isEmpty()) {
            return;
        }
        ObjectNode body = json.createObjectNode();
        users.forEach(body::set);
        send(env, "users.batch", "PUT", "/users", body, true);
        Log.debugf("TalkJS %s: upserted %d users", env.key(), users.size());
    }

    public void upsertUser(TalkJsEnvironment env, String userId, ObjectNode user) {
        send(env, "users.put", "PUT", "/users/" + segment(userId), user, true);
    }

    /** The user, or empty when TalkJS does not know it. */
    public Optional<JsonNode> getUser(TalkJsEnvironment env, String userId) {
        return getOptional(env, "users.get", "/users/" + segment(userId));
    }

    /** One page of users ({@code limit} 1..100), continuing after {@code startingAfter} when not null. */
    public List<JsonNode> listUsers(TalkJsEnvironment env, int limit, String startingAfter) {
        return list(env, "users.list", "/users", limit, startingAfter);
    }

    // ---- conversations ----------------------------------------------------------------------------------------

    /** Creates or patches a conversation; a {@code participants} array is merged with the existing ones. */
    public void upsertConversation(TalkJsEnvironment env, String conversationId, ObjectNode conversation) {
        send(env, "conversations.put", "PUT", "/conversations/" + segment(conversationId), conversation, true);
    }

    /** TalkJS's answer to one operation of a batch call; status 0 when the answer did not cover it. */
    public record BatchAnswer(int status, String body) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }
    }

    /**
     * Creates or patches several conversations (at most {@link #batchSize()}) in one call of the batch endpoint,
     * which spends TalkJS's batch budget instead of the general one. Each conversation succeeds or fails alone.
     * The call as a whole is retried on 5xx/I/O like any idempotent call; a 400 for one conversation is in its
     * answer, not an exception.
     *
     * @return TalkJS's answer per conversation id, in the given order
     */
    public Map<String, BatchAnswer> upsertConversations(TalkJsEnvironment env, Map<String, ObjectNode> conversations) {
        if (conversations.size() > batchSize()) {
            throw new IllegalArgumentException("At most " + batchSize() + " operations per batch call, got "
                    + conversations.size());
        }
        List<String> ids = new ArrayList<>(conversations.keySet());
        ArrayNode body = json.createArrayNode();
        for (int seq = 0; seq < ids.size(); seq++) {
            body.addArray().add(seq).add("PUT").add("/conversations/" + segment(ids.get(seq)))
                    .add(conversations.get(ids.get(seq)));
        }
        JsonNode answer = send(env, new TalkJsCaller.Call("batch", "POST", "/batch", JSON, publisher(body),
                config.timeout().request(), true, true));
        Map<String, BatchAnswer> answers = new LinkedHashMap<>();
        ids.forEach(id -> answers.put(id, new BatchAnswer(0, "no answer for this operation")));
        for (JsonNode item : dataOf(answer)) {
            int seq = item.path(0).asInt(-1);
            if (seq >= 0 && seq < ids.size()) {
                answers.put(ids.get(seq), new BatchAnswer(item.path(1).asInt(0), item.path(2).asText("")));
            }
        }
        return answers;
    }

    /** One conversation's first page of messages as a batch operation answered it: {@code status} 0 when unanswered. */
    public record MessagePage(int status, List<TalkJsMessage> messages, String body) {
        public boolean isSuccess() {
            return status >= 200 && status < 300;
        }

        /** A full page: the conversation may hold more ({@link #listMessages} from the last one's id). */
        public boolean mayHaveMore() {
            return messages.size() >= MESSAGE_PAGE_SIZE && messages.get(messages.size() - 1).id() != null;
        }
    }

    /**
     * Reads the first page ({@value #MESSAGE_PAGE_SIZE} messages, newest first) of several conversations (at most
     * {@link #batchSize()}) in one call of the batch endpoint, whose budget is TalkJS's batch budget, not the general
     * one (talkjs-api.md section 8: "for GET, payload holds string query parameters"). Each conversation's answer
     * stands alone (a 404 for a missing conversation is in its page, not an exception). Retried on 5xx/I/O as a read.
     *
     * @return the page per conversation id, in the given order
     */
    public Map<String, MessagePage> firstMessagePages(TalkJsEnvironment env, List<String> conversationIds) {
        if (conversationIds.size() > batchSize()) {
            throw new IllegalArgumentException("At most " + batchSize() + " operations per batch call, got "
                    + conversationIds.size());
        }
        ArrayNode body = json.createArrayNode();
        for (int seq = 0; seq < conversationIds.size(); seq++) {
            ArrayNode operation = body.addArray().add(seq).add("GET")
                    .add("/conversations/" + segment(conversationIds.get(seq)) + "/messages");
            operation.addObject().put("limit", String.valueOf(MESSAGE_PAGE_SIZE));
        }
        JsonNode answer = send(env, new TalkJsCaller.Call("batch", "POST", "/batch", JSON, publisher(body),
                config.timeout().request(), true, true));
        Map<String, MessagePage> pages = new LinkedHashMap<>();
        conversationIds.forEach(id -> pages.put(id, new MessagePage(0, List.of(), "no answer for this operation")));
        for (JsonNode item : dataOf(answer)) {
            int seq = item.path(0).asInt(-1);
            if (seq < 0 || seq >= conversationIds.size()) {
                continue;
            }
            int status = item.path(1).asInt(0);
            String text = item.path(2).asText("");
            List<TalkJsMessage> messages = new ArrayList<>();
            if (status >= 200 && status < 300) {
                try {
                    json.readTree(text).path("data").forEach(node -> messages.add(TalkJsMessage.fromJson(node)));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    status = 0;
                    text = "TalkJS answered a page that is not JSON: " + e.getOriginalMessage();
                }
            }
            pages.put(conversationIds.get(seq), new MessagePage(status, List.copyOf(messages), text));
        }
        return pages;
    }

    /** Operations per batch call. */
    public int batchSize() {
        return config.batch().maxOperations();
    }

    /** Whether conversations are created through the batch endpoint. */
    public boolean batchEnabled() {
        return config.batch().enabled();
    }

    /**
     * Adds a participant or overwrites its settings.
     *
     * @param access {@code ReadWrite} or {@code Read}, null for TalkJS's default
     * @param notify null for TalkJS's default
     */
    public void joinParticipant(TalkJsEnvironment env, String conversationId, String userId, String access,
            Boolean notify) {
        ObjectNode body = json.createObjectNode();
        if (access != null) {
            body.put("access", access);
        }
        if (notify != null) {
            body.put("notify", notify);
        }
        send(env, "participants.put", "PUT", "/conversations/" + segment(conversationId) + "/participants/"
                + segment(userId), body, true);
    }

    public Optional<JsonNode> getConversation(TalkJsEnvironment env, String conversationId) {
        return getOptional(env, "conversations.get", "/conversations/" + segment(conversationId));
    }

    /** One page of conversations ({@code limit} 1..30). */
    public List<JsonNode> listConversations(TalkJsEnvironment env, int limit, String startingAfter) {
        return list(env, "conversations.list", "/conversations", limit, startingAfter);
    }

    /** A conversation as the listing shows it: its id, when TalkJS created it and its last message's time (ms). */
    public record ConversationSummary(String id, long createdAt, Long lastMessageAt) {
    }

    /** Conversations per page of the listing: TalkJS allows at most 30 (see talkjs-api.md, "Page size"). */
    public static final int CONVERSATION_PAGE_SIZE = 30;

    /**
     * Every conversation of the app, paging by {@link #CONVERSATION_PAGE_SIZE} until a short page: one GET per page
     * on the general budget. {@code pages} (may be null) receives the number of calls made.
     */
    public List<ConversationSummary> listAllConversations(TalkJsEnvironment env, int[] pages) {
        List<ConversationSummary> all = new ArrayList<>();
        String after = null;
        while (true) {
            List<JsonNode> page = listConversations(env, CONVERSATION_PAGE_SIZE, after);
            if (pages != null) {
                pages[0]++;
            }
            for (JsonNode node : page) {
                JsonNode last = node.get("lastMessage");
                all.add(new ConversationSummary(node.path("id").asText(), node.path("createdAt").asLong(0),
                        last == null || last.isNull() ? null : last.path("createdAt").asLong(0)));
            }
            if (page.size() < CONVERSATION_PAGE_SIZE || !page.get(page.size() - 1).hasNonNull("id")) {
                return all;
            }
            after = page.get(page.size() - 1).get("id").asText();
        }
    }

    /**
     * Deletes a conversation for good, with its messages ({@code DELETE /v1/{appId}/conversations/{id}}, TalkJS REST
     * reference "Conversations"). Idempotent: a conversation already gone is not an error.
     *
     * @return false when TalkJS did not know the conversation (404)
     */
    public boolean deleteConversation(TalkJsEnvironment env, String conversationId) {
        try {
            parse(env, caller.call(env, new TalkJsCaller.Call("conversations.delete", "DELETE",
                    "/conversations/" + segment(conversationId), null, null, config.timeout().request(), true)));
            return true;
        } catch (TalkJsNotFoundException e) {
            return false;
        }
    }

    // ---- messages ---------------------------------------------------------------------------------------------

    /**
     * Imports historical messages into a conversation in one request (at most {@link #importBatchSize()}), in the
     * form of {@code talkjs.import.format} ({@link ImportFormat}). One HTTP request is made unless TalkJS answers 429
     * (not processed, so it is waited out and resent), or, with {@code auto}, the app refuses the content form: then
     * the same messages go in documented calls of 10 ({@link MessageImports}).
     *
     * @return the new message ids in request order, or an empty list when TalkJS answers {@code {}}
     * @throws TalkJsOutcomeUnknownException on timeout, I/O error or 5xx: read back before resending anything
     * @throws TalkJsRejectedException on 400: nothing was imported
     * @throws TalkJsNotFoundException when the conversation does not exist
     */
    public List<String> importMessages(TalkJsEnvironment env, String conversationId, List<ImportMessage> messages) {
        if (messages.isEmpty()) {
            return List.of();
        }
        if (messages.size() > importBatchSize()) {
            throw new IllegalArgumentException("At most " + importBatchSize() + " messages per import request, got "
                    + messages.size());
        }
        String path = "/import/conversations/" + segment(conversationId) + "/messages";
        List<JsonNode> answers = imports.send(env, appId(env).orElse(env.key()), messages,
                body -> send(env, "import.messages", "POST", path, body, false));
        List<String> ids = new ArrayList<>();
        answers.forEach(answer -> dataOf(answer).forEach(item -> {
            if (item.hasNonNull("id")) {
                ids.add(item.get("id").asText());
            }
        }));
        Log.debugf("TalkJS %s: imported %d messages into conversation %s", env.key(), messages.size(),
                conversationId);
        return ids;
    }

    /** One page of messages, newest first. */
    public List<TalkJsMessage> listMessages(TalkJsEnvironment env, String conversationId, int limit,
            String startingAfter) {
        List<TalkJsMessage> page = new ArrayList<>();
        list(env, "messages.list", "/conversations/" + segment(conversationId) + "/messages", limit, startingAfter)
                .forEach(node -> page.add(TalkJsMessage.fromJson(node)));
        return page;
    }

    /** Every message of a conversation, newest first, paging by 100 until a short page. */
    public List<TalkJsMessage> listAllMessages(TalkJsEnvironment env, String conversationId) {
        List<TalkJsMessage> all = new ArrayList<>();
        String after = null;
        while (true) {
            List<TalkJsMessage> page = listMessages(env, conversationId, MESSAGE_PAGE_SIZE, after);
            all.addAll(page);
            if (page.size() < MESSAGE_PAGE_SIZE || page.get(page.size() - 1).id() == null) {
                return all;
            }
            after = page.get(page.size() - 1).id();
        }
    }

    /**
     * Adds one user's reaction to a message ({@code PUT /v1/{appId}/conversations/{c}/messages/{m}/reactions/{emoji}/
     * {userId}} with {@code {}}, ../shared/talkjs-api.md section 13 "Reactions", from TalkJS's transfer script).
     * Idempotent, so retried like any idempotent call; the reaction gets the current time (none can be given).
     *
     * @throws TalkJsRejectedException on 400 (e.g. the user is not a participant): not applied, not to be retried
     * @throws TalkJsNotFoundException when the conversation or message does not exist
     */
    public void addReaction(TalkJsEnvironment env, String conversationId, String messageId, String emoji,
            String userId) {
        send(env, "reactions.put", "PUT", "/conversations/" + segment(conversationId) + "/messages/"
                + segment(messageId) + "/reactions/" + segment(emoji) + "/" + segment(userId),
                json.createObjectNode(), true);
    }

    // ---- files ------------------------------------------------------------------------------------------------

    /** Uploads a file and returns its token for {@link ImportMessage#attachmentToken()}. */
    public String uploadFile(TalkJsEnvironment env, String filename, String subtype, String contentType, Path file) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read attachment " + file.getFileName(), e);
        }
        return uploadFile(env, filename, subtype, contentType, () -> open(file), size);
    }

    /**
     * Uploads {@code size} bytes as {@code multipart/form-data} ({@code file} part plus {@code filename} and
     * optional {@code subtype}). {@code content} is opened once per attempt: uploads are retried on 5xx/I/O
     * (a repeated upload only leaves an unused file behind).
     *
     * @param subtype {@code image}, {@code video}, {@code audio}, {@code voice} or null for a generic file
     */
    public String uploadFile(TalkJsEnvironment env, String filename, String subtype, String contentType,
            Supplier<InputStream> content, long size) {
        Objects.requireNonNull(filename, "filename");
        Multipart multipart = new Multipart().field("filename", filename).field("subtype", subtype);
        String type = contentType == null ? "application/octet-stream" : contentType;
        TalkJsHttp.Response response = caller.call(env, new TalkJsCaller.Call("files.upload", "POST", "/files",
                multipart.contentType(), () -> multipart.body(filename, type, content, size),
                config.timeout().upload(), true));
        JsonNode answer = parse(env, response);
        String token = answer.hasNonNull("attachmentToken") ? answer.get("attachmentToken").asText()
                : answer.path("fileToken").asText(null);
        if (token == null || token.isBlank()) {
            throw new TalkJsRejectedException(env, response.status(), "files.upload",
                    "no attachmentToken or fileToken in the answer");
        }
        return token;
    }

    // ---- state for workers and pages --------------------------------------------------------------------------

    /** True while the app's circuit breaker is open: delivery workers should pause instead of failing items. */
    public boolean isOpen(TalkJsEnvironment env) {
        return caller.existingApp(env).map(TalkJsApp::isOpen).orElse(false);
    }

    /** True when calls go to the local TalkJS simulator. */
    public boolean isSandbox(TalkJsEnvironment env) {
        return caller.isSandbox();
    }

    /** A label for pages: "Sandbox (test)" or "TalkJS (live)". */
    public String label(TalkJsEnvironment env) {
        return (isSandbox(env) ? "Sandbox" : "TalkJS") + " (" + env.key() + ")";
    }

    /** True when both the app id and secret key of the environment are set. */
    public boolean isConfigured(TalkJsEnvironment env) {
        TalkJsConfig.App app = config.app(env);
        return app.appId().filter(id -> !id.isBlank()).isPresent() && app.secretKey().isPresent();
    }

    /**
     * Why the environment cannot work as configured, without calling TalkJS: the app id or key is missing, or the
     * key's prefix names the other mode ({@code sk_test_} configured as live, {@code sk_live_} as test: a test run
     * would write into the live app, or the reverse). Empty when nothing is wrong that can be seen locally.
     */
    public Optional<String> configurationProblem(TalkJsEnvironment env) {
        TalkJsConfig.App app = config.app(env);
        String prefix = "talkjs." + env.key() + ".";
        if (app.appId().filter(id -> !id.isBlank()).isEmpty()) {
            return Optional.of("The TalkJS " + env.key() + " app is not configured: set " + prefix + "app-id (TALKJS_"
                    + env.name() + "_APP_ID).");
        }
        if (app.secretKey().isEmpty()) {
            return Optional.of("The TalkJS " + env.key() + " app is not configured: set " + prefix + "secret-key "
                    + "(TALKJS_" + env.name() + "_SECRET_KEY).");
        }
        TalkJsEnvironment mode = app.secretKey().get().prefixMode();
        if (mode != null && mode != env) {
            return Optional.of("The secret key configured for the " + env.key() + " environment (" + prefix
                    + "secret-key) is a " + mode.key() + " key (sk_" + mode.key() + "_...): the " + env.key()
                    + " environment needs the key of its own app. Nothing was sent.");
        }
        return Optional.empty();
    }

    /** What {@link #checkConnection} found: {@code ok}, and a sentence for the page (never the key). */
    public record ConnectionCheck(boolean ok, String message) {
    }

    /**
     * Checks that the environment works: its configuration ({@link #configurationProblem}), then one authenticated
     * read ({@code GET /v1/{appId}/users?limit=1}) proving that the key signs, TalkJS accepts it and the app exists.
     */
    public ConnectionCheck checkConnection(TalkJsEnvironment env) {
        Optional<String> problem = configurationProblem(env);
        if (problem.isPresent()) {
            return new ConnectionCheck(false, problem.get());
        }
        String appId = appId(env).orElseThrow();
        long start = System.nanoTime();
        try {
            listUsers(env, 1, null);
            return new ConnectionCheck(true, "The key authenticates and app " + appId + " answers ("
                    + (System.nanoTime() - start) / 1_000_000 + " ms).");
        } catch (TalkJsAuthException e) {
            return new ConnectionCheck(false, "TalkJS refused the key for app " + appId + " (HTTP " + e.status()
                    + "): check " + "talkjs." + env.key() + ".secret-key and that the app id is right.");
        } catch (TalkJsNotFoundException e) {
            return new ConnectionCheck(false, "TalkJS does not know app " + appId + " (HTTP 404): check talkjs."
                    + env.key() + ".app-id.");
        } catch (TalkJsException e) {
            return new ConnectionCheck(false, e.getMessage());
        }
    }

    /** The app id of the environment (not secret), if configured. */
    public Optional<String> appId(TalkJsEnvironment env) {
        return config.app(env).appId().filter(id -> !id.isBlank());
    }

    /** The effective base URL (for display and diagnostics). */
    public String baseUrl() {
        return caller.baseUrl();
    }

    public int importBatchSize() {
        return config.imports().batchSize();
    }

    /** The form the next import call to this environment's app is sent in: CONTENT or DOCUMENTED. */
    public ImportFormat importForm(TalkJsEnvironment env) {
        return imports.formFor(appId(env).orElse(env.key()));
    }

    /** How many 429 answers TalkJS gave this environment since start. */
    public long rateLimitedCount(TalkJsEnvironment env) {
        return metrics.rateLimitedCount(env);
    }

    // ---- plumbing ---------------------------------------------------------------------------------------------

    private JsonNode send(TalkJsEnvironment env, String route, String method, String path, JsonNode body,
            boolean idempotent) {
        return send(env, new TalkJsCaller.Call(route, method, path, JSON, publisher(body), config.timeout().request(),
                idempotent));
    }

    private JsonNode send(TalkJsEnvironment env, TalkJsCaller.Call call) {
        return parse(env, caller.call(env, call));
    }

    private Supplier<BodyPublisher> publisher(JsonNode body) {
        byte[] bytes = serialize(body);
        return () -> BodyPublishers.ofByteArray(bytes);
    }

    private Optional<JsonNode> getOptional(TalkJsEnvironment env, String route, String path) {
        try {
            return Optional.of(get(env, route, path));
        } catch (TalkJsNotFoundException e) {
            return Optional.empty();
        }
    }

    private List<JsonNode> list(TalkJsEnvironment env, String route, String path, int limit, String after) {
        String query = "?limit=" + limit + (after == null ? "" : "&startingAfter=" + segment(after));
        List<JsonNode> items = new ArrayList<>();
        dataOf(get(env, route, path + query)).forEach(items::add);
        return items;
    }

    private JsonNode get(TalkJsEnvironment env, String route, String path) {
        return parse(env, caller.call(env, new TalkJsCaller.Call(route, "GET", path, null, null,
                config.timeout().request(), true)));
    }

    /** Lists come as {@code {"data": [...]}}; be tolerant of a bare array ({@code body.data ?? body}). */
    private static JsonNode dataOf(JsonNode answer) {
        return answer.has("data") ? answer.get("data") : answer;
    }

    private JsonNode parse(TalkJsEnvironment env, TalkJsHttp.Response response) {
        if (response.body().length == 0) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            // Success is decided by the status only; an unreadable body on a 2xx is not worth failing a write.
            Log.debugf("TalkJS %s: unreadable JSON in a %d answer", env.key(), response.status());
            return json.createObjectNode();
        }
    }

    private byte[] serialize(JsonNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not serialize a TalkJS request", e);
        }
    }

    private static InputStream open(Path file) {
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read attachment " + file.getFileName(), e);
        }
    }
}
