package io.talkport.sandbox.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxFile;
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
        out.put("lastMessage", c.lastMessage() == null ? null
                : message(c.lastMessage(), c.lastMessageReactions(), baseUrl));
        Map<String, Object> participants = new LinkedHashMap<>();
        c.participants().forEach((id, p) -> {
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("access", p.access());
            settings.put("notify", p.notifySetting());
            settings.put("readUntil", p.readUntil());
            settings.put("isUnread", p.isUnread(id, c.lastMessage()));
            participants.put(id, settings);
        });
        out.put("participants", participants);
        return out;
    }

    /**
     * A message with its {@code content} blocks (the kept ones, or built from text and attachment for the documented
     * form), {@code location} from a location block, and {@code reactions} as {@code {emoji: {count}}}.
     */
    public static Map<String, Object> message(SandboxMessage m, Map<String, List<String>> reactions, String baseUrl) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", m.id());
        out.put("conversationId", m.conversationId());
        out.put("type", m.type().name());
        out.put("senderId", m.senderId());
        out.put("text", m.text());
        out.put("readBy", m.readBy());
        out.put("origin", m.origin());
        ArrayNode kept = MessageContent.blocks(m.content());
        out.put("location", MessageContent.location(kept));
        out.put("attachment", m.attachment() == null ? null
                : Map.of("url", baseUrl + m.attachment().path(), "size", m.attachment().size()));
        out.put("content", content(m, kept, baseUrl));
        Map<String, Object> byEmoji = new LinkedHashMap<>();
        reactions.forEach((emoji, users) -> byEmoji.put(emoji, Map.of("count", users.size())));
        out.put("reactions", byEmoji);
        out.put("custom", m.custom());
        out.put("createdAt", m.createdAt());
        out.put("editedAt", null);
        out.put("referencedMessageId", null);
        return out;
    }

    private static ArrayNode content(SandboxMessage m, ArrayNode kept, String baseUrl) {
        ArrayNode blocks = kept != null ? kept.deepCopy() : JsonNodeFactory.instance.arrayNode();
        if (kept == null && m.text() != null && !m.text().isEmpty()) {
            blocks.add(MessageContent.textBlock(m.text()));
        }
        if (kept == null && m.attachment() != null) {
            blocks.addObject().put("type", "file");
        }
        for (JsonNode block : blocks) {
            if ("file".equals(block.path("type").asText()) && m.attachment() != null) {
                fileBlock((ObjectNode) block, m.attachment(), baseUrl);
            }
        }
        return blocks;
    }

    private static void fileBlock(ObjectNode block, SandboxFile file, String baseUrl) {
        block.put("fileToken", file.token());
        block.put("url", baseUrl + file.path());
        block.put("filename", file.filename());
        block.put("size", file.size());
        if (file.subtype() != null) {
            block.put("subtype", file.subtype());
        }
        if (file.width() != null) {
            block.put("width", file.width());
        }
        if (file.height() != null) {
            block.put("height", file.height());
        }
        if (file.duration() != null) {
            block.put("duration", file.duration());
        }
    }

    public static Map<String, Object> data(List<?> items) {
        return Map.of("data", items);
    }
}
