package io.talkport.sandbox.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxException;
import jakarta.enterprise.context.ApplicationScoped;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The batch endpoint ({@code POST /v1/{appId}/batch}): a JSON array of at most
 * {@link SandboxConfig#batchMaxOperations()} operations {@code [seq, method, path, payload?, options?]}, each run
 * through the same operation as its own route and answered as {@code [seq, httpStatus, responseString]} in request
 * order. A malformed batch is a 400 that runs nothing; a failing operation fails alone. Operations run in a random order, because TalkJS says they may run in
 * any order: a client that sends dependent steps in one batch is caught here.
 */
@ApplicationScoped
class BatchOps {

    private final UserOps users;
    private final ConversationOps conversations;
    private final MessageOps messages;
    private final SandboxConfig config;
    private final ObjectMapper mapper;

    BatchOps(UserOps users, ConversationOps conversations, MessageOps messages, SandboxConfig config,
             ObjectMapper mapper) {
        this.users = users;
        this.conversations = conversations;
        this.messages = messages;
        this.config = config;
        this.mapper = mapper;
    }

    /** Runs the batch; returns the answers in request order. */
    List<List<Object>> run(SandboxApp app, JsonNode body, String baseUrl) {
        List<JsonNode> operations = validate(body);
        List<List<Object>> answers = new ArrayList<>(Collections.nCopies(operations.size(), null));
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < operations.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, ThreadLocalRandom.current());
        for (int i : order) {
            JsonNode operation = operations.get(i);
            answers.set(i, answer(operation.get(0), apply(app, operation, baseUrl)));
        }
        return answers;
    }

    private List<JsonNode> validate(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw SandboxException.badRequest("INVALID_BATCH", "The body must be a JSON array of operations");
        }
        if (body.size() > config.batchMaxOperations()) {
            throw SandboxException.badRequest("TOO_MANY_OPERATIONS", "A batch holds at most "
                    + config.batchMaxOperations() + " operations, got " + body.size());
        }
        List<JsonNode> operations = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            JsonNode operation = body.get(i);
            boolean wellFormed = operation.isArray() && operation.size() >= 3 && operation.size() <= 5
                    && (operation.get(0).isNumber() || operation.get(0).isTextual())
                    && operation.get(1).isTextual() && operation.get(2).isTextual()
                    && operation.get(2).asText().startsWith("/");
            if (!wellFormed) {
                throw SandboxException.badRequest("INVALID_BATCH", "Operation " + i
                        + " must be [seq, method, path, payload?, options?] with a path starting with /");
            }
            operations.add(operation);
        }
        return operations;
    }

    private List<Object> answer(JsonNode seq, Result result) {
        try {
            return List.of(seq, result.status(), mapper.writeValueAsString(result.entity()));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private record Result(int status, Object entity) {
    }

    private Result apply(SandboxApp app, JsonNode operation, String baseUrl) {
        try {
            Object entity = dispatch(app, operation.get(1).asText(), operation.get(2).asText(),
                    operation.size() > 3 && !operation.get(3).isNull() ? operation.get(3) : null, baseUrl);
            return new Result(200, entity == null ? Map.of() : entity);
        } catch (SandboxException e) {
            return new Result(e.status(), e.body());
        }
    }

    /**
     * The routes a batch may hold: single users, conversations and participants, and a page of a conversation's
     * messages (TalkJS: "for GET, payload holds string query parameters", talkjs-api.md section 8).
     */
    private Object dispatch(SandboxApp app, String method, String path, JsonNode payload, String baseUrl) {
        List<String> parts = segments(path);
        String route = parts.contains("") ? "" : method.toUpperCase(java.util.Locale.ROOT) + " " + shape(parts);
        switch (route) {
            case "PUT /users/#" -> users.upsert(app, parts.get(1), SandboxJson.requireObject(payload));
            case "GET /users/#" -> {
                return SandboxViews.user(users.get(app, parts.get(1)));
            }
            case "PUT /conversations/#" -> conversations.upsert(app, parts.get(1), payload);
            case "GET /conversations/#" -> {
                return SandboxViews.conversation(conversations.get(app, parts.get(1)).snapshot(), baseUrl);
            }
            case "DELETE /conversations/#" -> conversations.delete(app, parts.get(1));
            case "GET /conversations/#/messages" -> {
                var conversation = conversations.get(app, parts.get(1));
                return SandboxViews.data(messages.list(app, parts.get(1), query(payload, "limit"),
                        query(payload, "startingAfter")).stream()
                        .map(m -> SandboxViews.message(m, conversation.reactions(m.id()), baseUrl)).toList());
            }
            case "PUT /conversations/#/participants/#" ->
                    conversations.putParticipant(app, parts.get(1), parts.get(3), payload);
            case "PATCH /conversations/#/participants/#" ->
                    conversations.patchParticipant(app, parts.get(1), parts.get(3), SandboxJson.requireObject(payload));
            case "DELETE /conversations/#/participants/#" ->
                    conversations.removeParticipant(app, parts.get(1), parts.get(3));
            default -> throw SandboxException.notFound("NOT_FOUND", "There is no such endpoint for a batch operation");
        }
        return null;
    }

    /** A query parameter of a GET operation: a string in its payload, or null. */
    private static String query(JsonNode payload, String name) {
        if (payload == null || !payload.has(name) || payload.get(name).isNull()) {
            return null;
        }
        if (!payload.get(name).isTextual()) {
            throw SandboxException.badRequest("INVALID_BATCH", "Query parameter " + name
                    + " of a GET operation must be a string");
        }
        return payload.get(name).asText();
    }

    private static List<String> segments(String path) {
        String withoutQuery = path.split("\\?", 2)[0];
        return Arrays.stream(withoutQuery.substring(1).split("/", -1))
                .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }

    /** The route's shape, e.g. {@code /conversations/{id}/participants/{id}} as "/conversations/#/participants/#". */
    private static String shape(List<String> parts) {
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            shape.append('/').append(i % 2 == 0 ? parts.get(i) : "#");
        }
        return shape.toString();
    }
}
