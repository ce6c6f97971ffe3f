package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code reactions} field of a message (docs/bundle-format.md, "Reactions"): who reacted with which emoji, re-added
 * after the import through TalkJS's reactions endpoint ({@code PUT …/reactions/{emoji}/{userId}},
 * ../shared/talkjs-api.md section 13 "Reactions"), at the time of the import: TalkJS keeps no reaction time.
 * Two shapes are read: an object {@code {"👍": ["alice", "bob"]}} (emoji → user ids) or a list
 * {@code [{"emoji": "👍", "users": ["alice", "bob"]}]}. The same user and emoji twice count once. Parts that cannot be
 * read are left out with one REACTIONS_DROPPED warning; the message itself is always kept.
 */
final class MessageReactions {

    /** Longest emoji accepted, in code points (the sandbox's limit; TalkJS publishes none). */
    static final int MAX_EMOJI = 64;

    private MessageReactions() {
    }

    /** The message's reactions, or an empty list when it has none. */
    static List<StagedMessage.Reaction> read(JsonNode item, ItemCheck check) {
        JsonNode reactions = item.get("reactions");
        if (reactions == null || reactions.isNull()) {
            return List.of();
        }
        Set<StagedMessage.Reaction> read = new LinkedHashSet<>();
        int dropped = 0;
        if (reactions.isObject()) {
            for (var it = reactions.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                dropped += add(entry.getKey(), entry.getValue(), read);
            }
        } else if (reactions.isArray()) {
            for (JsonNode reaction : reactions) {
                dropped += reaction.isObject() && reaction.path("emoji").isTextual()
                        ? add(reaction.get("emoji").textValue(), reaction.get("users"), read) : 1;
            }
        } else {
            dropped++;
        }
        if (dropped > 0) {
            check.warning("REACTIONS_DROPPED", "reactions", dropped + " part(s) of \"reactions\" could not be read and "
                    + "are not re-added: give {\"emoji\": [\"userId\", ...]} or [{\"emoji\": ..., \"users\": [...]}], "
                    + "emoji of 1 to " + MAX_EMOJI + " characters.");
        }
        return read.isEmpty() ? List.of() : new ArrayList<>(read);
    }

    /** Adds one emoji's users; returns how many parts were unreadable. */
    private static int add(String emoji, JsonNode users, Set<StagedMessage.Reaction> read) {
        if (emoji.isBlank() || emoji.codePointCount(0, emoji.length()) > MAX_EMOJI || users == null
                || !users.isArray()) {
            return 1;
        }
        int dropped = 0;
        for (JsonNode user : users) {
            if (user.isTextual() && !user.textValue().isBlank()) {
                read.add(new StagedMessage.Reaction(emoji, user.textValue()));
            } else {
                dropped++;
            }
        }
        return dropped;
    }
}
