package io.talkport.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Thread, reply and edit fields of a message, which TalkJS's import cannot keep as such: imported messages get new
 * ids, so {@code referencedMessageId} cannot point at them (../shared/talkjs-api.md section 5.3 and "Known pitfalls",
 * from TalkJS's transfer example). What fits is carried into the message's {@code custom} as strings (documented in
 * docs/bundle-format.md); what does not is a warning. Reactions are staged apart ({@link MessageReactions}).
 */
final class MessageExtras {

    /** Bundle field and the custom key it is carried in. */
    private static final String[][] CARRIED = {{"replyTo", "replyTo"}, {"threadId", "threadId"},
        {"editedAt", "editedAt"}};

    private MessageExtras() {
    }

    /** The message's custom object with the carried fields added (a new object when any is added). */
    static ObjectNode carry(JsonNode item, ObjectNode custom, ItemCheck check) {
        ObjectNode result = custom;
        for (String[] carried : CARRIED) {
            JsonNode value = item.get(carried[0]);
            if (value == null || value.isNull()) {
                continue;
            }
            if (!value.isTextual() && !value.isIntegralNumber()) {
                check.wrongType(carried[0], "a string or an integer", value);
                continue;
            }
            if (result != null && result.has(carried[1])) {
                check.warning("EXTRA_NOT_CARRIED", carried[0], "\"" + carried[0] + "\" is not imported: the "
                        + "message's custom already has a key \"" + carried[1] + "\", which is kept.");
                continue;
            }
            result = result == null ? JsonNodeFactory.instance.objectNode()
                    : result == custom ? custom.deepCopy() : result;
            result.put(carried[1], value.asText());
        }
        return result;
    }
}
