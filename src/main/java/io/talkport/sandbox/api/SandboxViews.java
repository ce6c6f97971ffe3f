package io.talkport.sandbox.api;

import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.SandboxUser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders stored records in TalkJS's JSON shapes (maps keep nulls, as TalkJS sends them). */
public final class SandboxViews {

    private SandboxViews() {
    }

    public static Map<String, Object> user(SandboxUser u) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", u.id());
        out.put("name", u.name());
        out.put("email", u.email());
        out.put("phone", u.phone());
        out.put("photoUrl", u.photoUrl());
        out.put("headerPhotoUrl", u.headerPhotoUrl());
        out.put("welcomeMessage", u.welcomeMessage());
        out.put("role", u.role());
        out.put("locale", u.locale());
        out.put("availabilityText", u.availabilityText());
        out.put("custom", u.custom() == null ? Map.of() : u.custom());
        out.put("pushTokens", u.pushTokens());
        out.put("createdAt", u.createdAt());
        return out;
    }

    public static Map<String, Object> conversation(SandboxConversation.Snapshot c, String baseUrl) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("subject", c.subject());
        out.put("photoUrl", c.photoUrl());
        out.put("welcomeMessages", c.welcomeMessages());
        out.put("custom", c.custom());
        out.put("topicId", null);
        out.put("createdAt", c.createdAt());
        out.put("lastMessage", c.lastMessage() == null ? null : message(c.lastMessage(), baseUrl));
        Map<String, Object> participants = new LinkedHashMap<>();
        c.participants().forEach((id, p) -> {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("access", p.access());
            settings.put("notify", p.notifySetting());
            participants.put(id, settings);
        });
        out.put("participants", participants);
        return out;
    }

    public static Map<String, Object> message(SandboxMessage m, String baseUrl) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("conversationId", m.conversationId());
        out.put("type", m.type().name());
        out.put("senderId", m.senderId());
        out.put("text", m.text());
        out.put("readBy", m.readBy());
        out.put("origin", m.origin());
        out.put("location", null);
        out.put("attachment", m.attachment() == null ? null
                : Map.of("url", baseUrl + m.attachment().path(), "size", m.attachment().size()));
        out.put("custom", m.custom());
        out.put("createdAt", m.createdAt());
        out.put("editedAt", null);
        out.put("referencedMessageId", null);
        return out;
    }

    public static Map<String, Object> data(List<?> items) {
        return Map.of("data", items);
    }
}
