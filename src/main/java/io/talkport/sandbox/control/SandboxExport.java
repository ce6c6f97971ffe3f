package io.talkport.sandbox.control;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.api.SandboxViews;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Streams an app's whole state as one JSON document:
 * {@code {appId, mode, exportedAt, users: [...], conversations: [{...conversation, messages: [...oldest first]}]}}.
 * Each conversation is copied under its own lock, so the export is consistent per conversation.
 */
record SandboxExport(SandboxApp app, ObjectMapper mapper, String baseUrl) {

    void write(OutputStream out) throws IOException {
        try (JsonGenerator json = mapper.getFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("appId", app.id());
            json.writeStringField("mode", app.mode().name());
            json.writeNumberField("exportedAt", System.currentTimeMillis());
            json.writeArrayFieldStart("users");
            for (String userId : app.userOrder().values()) {
                var user = app.user(userId);
                if (user != null) {
                    json.writeObject(SandboxViews.user(user));
                }
            }
            json.writeEndArray();
            json.writeArrayFieldStart("conversations");
            for (SandboxConversation conversation : app.conversationOrder().values()) {
                writeConversation(json, conversation);
            }
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    private void writeConversation(JsonGenerator json, SandboxConversation conversation) throws IOException {
        java.util.List<Map<String, Object>> messages = new java.util.ArrayList<>();
        Map<String, Object> view;
        synchronized (conversation) {
            view = SandboxViews.conversation(conversation.snapshot(), baseUrl);
            for (SandboxMessage message : conversation.allMessages()) {
                messages.add(SandboxViews.message(message, conversation.reactions(message.id()), baseUrl));
            }
        }
        json.writeStartObject();
        for (Map.Entry<String, Object> field : view.entrySet()) {
            json.writeFieldName(field.getKey());
            json.writeObject(field.getValue());
        }
        json.writeArrayFieldStart("messages");
        for (Map<String, Object> message : messages) {
            json.writeObject(message);
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
