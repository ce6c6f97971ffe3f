package io.talkport.testsupport;

import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxMessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What a sandbox app holds, in a form tests compare with what a bundle should have produced. */
public final class SandboxContents {

    private SandboxContents() {
    }

    /** One message as a user would check it: who, when, what, read by whom, custom data. */
    public record Msg(String sender, long timestamp, String text, List<String> readBy, Map<String, String> custom) {
        public Msg {
            readBy = readBy == null ? List.of() : readBy.stream().sorted().toList();
            custom = custom == null ? Map.of() : new TreeMap<>(custom);
        }
    }

    /** Messages per conversation, each list sorted by (timestamp, sender, text). */
    public static Map<String, List<Msg>> messages(SandboxApp app) {
        Map<String, List<Msg>> all = new TreeMap<>();
        for (SandboxConversation conversation : app.conversations().values()) {
            if (conversation.isDeleted()) {
                continue;
            }
            List<Msg> messages = new ArrayList<>();
            for (SandboxMessage m : conversation.allMessages()) {
                messages.add(new Msg(m.senderId(), m.createdAt(), m.text(), m.readBy(), m.custom()));
            }
            all.put(conversation.id(), sorted(messages));
        }
        return all;
    }

    public static List<Msg> sorted(List<Msg> messages) {
        List<Msg> copy = new ArrayList<>(messages);
        copy.sort((a, b) -> a.timestamp() != b.timestamp() ? Long.compare(a.timestamp(), b.timestamp())
                : !a.sender().equals(b.sender()) ? a.sender().compareTo(b.sender()) : a.text().compareTo(b.text()));
        return copy;
    }

    /** Every reaction the app holds, one "conversation | sender: text | emoji | user" line each, sorted. */
    public static List<String> reactions(SandboxApp app) {
        List<String> all = new ArrayList<>();
        for (SandboxConversation conversation : app.conversations().values()) {
            for (SandboxMessage m : conversation.isDeleted() ? List.<SandboxMessage>of() : conversation.allMessages()) {
                conversation.reactions(m.id()).forEach((emoji, users) -> users.forEach(user -> all.add(
                        conversation.id() + " | " + m.senderId() + ": " + m.text() + " | " + emoji + " | " + user)));
            }
        }
        all.sort(null);
        return all;
    }

    public static long messageCount(SandboxApp app) {
        return app.conversations().values().stream().filter(c -> !c.isDeleted())
                .mapToLong(SandboxConversation::messageCount).sum();
    }
}
