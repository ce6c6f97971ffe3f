package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxConversation.Attributes;
import io.talkport.sandbox.SandboxConversation.Participation;
import io.talkport.sandbox.SandboxException;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Conversations and participants: upsert (participants merged), read, delete (cascading), list. */
@ApplicationScoped
class ConversationOps {

    private static final Set<String> FIELDS = Set.of("participants", "subject", "photoUrl", "welcomeMessages",
            "custom");
    private static final Set<String> PARTICIPANT_FIELDS = Set.of("access", "notify", "readUntil");

    private final SandboxConfig config;

    ConversationOps(SandboxConfig config) {
        this.config = config;
    }

    void upsert(SandboxApp app, String conversationId, JsonNode body) {
        SandboxJson.requireObject(body);
        List<String> errors = validate(app, body);
        if (!errors.isEmpty()) {
            throw new SandboxException(400, "INVALID_CONVERSATION", errors);
        }
        boolean[] created = {false};
        SandboxConversation conversation = app.conversations().computeIfAbsent(conversationId, id -> {
            created[0] = true;
            return new SandboxConversation(id, app.nextCreatedAt());
        });
        synchronized (conversation) {
            try {
                Attributes next = attributes(conversation.attributes(), body);
                Map<String, Participation> added = body.has("participants")
                        ? conversation.newParticipants(SandboxJson.strings(body.get("participants")),
                        config.participantCap()) : Map.of();
                app.store().saveConversation(app.id(), next, added);
                conversation.setAttributes(next);
                conversation.putParticipants(added);
            } catch (RuntimeException e) {
                if (created[0]) {
                    app.conversations().remove(conversationId, conversation);
                }
                throw e;
            }
            if (created[0]) {
                app.conversationOrder().put(conversation.key(), conversation);
            }
        }
    }

    /** The conversation's fields after a PUT of {@code body}: only the fields sent change. */
    private static Attributes attributes(Attributes current, JsonNode body) {
        Attributes next = current;
        if (body.has("subject")) {
            next = next.withSubject(SandboxJson.textOrNull(body.get("subject")));
        }
        if (body.has("photoUrl")) {
            next = next.withPhotoUrl(SandboxJson.textOrNull(body.get("photoUrl")));
        }
        if (body.has("welcomeMessages")) {
            JsonNode messages = body.get("welcomeMessages");
            next = next.withWelcomeMessages(messages.isNull() ? null : SandboxJson.strings(messages));
        }
        if (body.has("custom")) {
            JsonNode custom = body.get("custom");
            next = next.withCustom(custom.isNull() ? Map.of() : SandboxJson.mergeCustom(current.custom(), custom));
        }
        return next;
    }

    SandboxConversation get(SandboxApp app, String conversationId) {
        SandboxConversation conversation = app.conversation(conversationId);
        if (conversation == null || conversation.isDeleted()) {
            throw SandboxException.notFound("CONVERSATION_NOT_FOUND", "There is no conversation with this id");
        }
        return conversation;
    }

    void delete(SandboxApp app, String conversationId) {
        SandboxConversation conversation = get(app, conversationId);
        int messages;
        synchronized (conversation) {
            app.store().deleteConversation(app.id(), conversationId);
            messages = conversation.markDeleted();
        }
        if (app.conversations().remove(conversationId, conversation)) {
            app.conversationOrder().remove(conversation.key());
            app.messagesAdded(-messages);
        }
    }

    List<SandboxConversation> list(SandboxApp app, ConversationListing.Params params) {
        ConversationListing listing = ConversationListing.parse(params, config.listDefaultLimit(),
                config.conversationListMaxLimit(), false);
        return listing.page(app.conversations().values(), c -> true, c -> false);
    }

    /** The conversations a user takes part in, in list order; 404 for an unknown user. */
    List<SandboxConversation> listForUser(SandboxApp app, String userId, ConversationListing.Params params) {
        if (app.user(userId) == null) {
            throw SandboxException.notFound("USER_NOT_FOUND", "There is no user with this id");
        }
        ConversationListing listing = ConversationListing.parse(params, config.listDefaultLimit(),
                config.conversationListMaxLimit(), true);
        return listing.page(app.conversations().values(), c -> c.isParticipant(userId), c -> c.isUnread(userId));
    }

    /** Join: adds the user or overwrites all settings (defaults ReadWrite / notify true). */
    void putParticipant(SandboxApp app, String conversationId, String userId, JsonNode body) {
        SandboxConversation conversation = get(app, conversationId);
        requireKnownUser(app, userId);
        Participation settings = participation(body, Participation.DEFAULT);
        synchronized (conversation) {
            conversation.checkRoomFor(userId, config.participantCap());
            saveParticipant(app, conversation, userId, settings);
        }
    }

    /** Modify: changes only the given fields; 404 when the user is not a participant. */
    void patchParticipant(SandboxApp app, String conversationId, String userId, JsonNode body) {
        SandboxConversation conversation = get(app, conversationId);
        synchronized (conversation) {
            Participation current = conversation.participant(userId);
            if (current == null) {
                throw SandboxException.notFound("PARTICIPANT_NOT_FOUND", "The user is not a participant");
            }
            saveParticipant(app, conversation, userId, participation(body, current));
        }
    }

    void removeParticipant(SandboxApp app, String conversationId, String userId) {
        SandboxConversation conversation = get(app, conversationId);
        synchronized (conversation) {
            app.store().deleteParticipant(app.id(), conversationId, userId);
            conversation.removeParticipant(userId);
        }
    }

    private static void saveParticipant(SandboxApp app, SandboxConversation conversation, String userId,
                                        Participation settings) {
        app.store().saveParticipants(app.id(), conversation.id(), Map.of(userId, settings));
        conversation.putParticipants(Map.of(userId, settings));
    }

    private Participation participation(JsonNode body, Participation base) {
        if (body == null) {
            return base;
        }
        SandboxJson.requireObject(body);
        List<String> errors = new ArrayList<>();
        SandboxJson.rejectUnknownFields(body, PARTICIPANT_FIELDS, errors);
        JsonNode access = body.get("access");
        if (access != null && !(access.isTextual() && Set.of("ReadWrite", "Read").contains(access.asText()))) {
            errors.add("access must be \"ReadWrite\" or \"Read\"");
        }
        JsonNode notify = body.get("notify");
        if (notify != null && !(notify.isBoolean() || (notify.isTextual() && "MentionsOnly".equals(notify.asText())))) {
            errors.add("notify must be true, false or \"MentionsOnly\"");
        }
        JsonNode readUntil = body.get("readUntil");
        if (readUntil != null && !(readUntil.isIntegralNumber() && readUntil.canConvertToLong())) {
            errors.add("readUntil must be an integer timestamp in milliseconds");
        }
        if (!errors.isEmpty()) {
            throw new SandboxException(400, "INVALID_PARTICIPANT", errors);
        }
        return new Participation(access != null ? access.asText() : base.access(),
                notify != null ? (notify.isBoolean() ? (Object) notify.asBoolean() : notify.asText()) : base.notifySetting(),
                readUntil != null ? Long.valueOf(readUntil.asLong()) : base.readUntil());
    }

    private List<String> validate(SandboxApp app, JsonNode body) {
        List<String> errors = new ArrayList<>();
        SandboxJson.rejectUnknownFields(body, FIELDS, errors);
        JsonNode participants = body.get("participants");
        if (participants != null) {
            if (!SandboxJson.isStringArray(participants)) {
                errors.add("participants must be an array of user ids");
            } else if (SandboxJson.strings(participants).stream().distinct().count() > config.participantCap()) {
                errors.add("A conversation can have at most " + config.participantCap() + " participants");
            } else if (config.strictParticipants()) {
                participants.forEach(p -> {
                    if (app.user(p.asText()) == null) {
                        errors.add("participant '" + p.asText() + "' is not a known user");
                    }
                });
            }
        }
        for (String field : List.of("subject", "photoUrl")) {
            if (!SandboxJson.isStringOrNull(body.get(field))) {
                errors.add(field + " must be a string or null");
            }
        }
        JsonNode welcome = body.get("welcomeMessages");
        if (welcome != null && !welcome.isNull() && !SandboxJson.isStringArray(welcome)) {
            errors.add("welcomeMessages must be an array of strings or null");
        }
        JsonNode custom = body.get("custom");
        if (custom != null && !custom.isNull() && !SandboxJson.isCustomMap(custom, true)) {
            errors.add("custom must be an object with string values");
        }
        return errors;
    }

    private void requireKnownUser(SandboxApp app, String userId) {
        if (config.strictParticipants() && app.user(userId) == null) {
            throw SandboxException.badRequest("UNKNOWN_USER", "The user is not a known user");
        }
    }
}
