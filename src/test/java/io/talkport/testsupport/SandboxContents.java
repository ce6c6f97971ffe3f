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

    public static long messageCount(SandboxApp app) {
        return app.conversations().values().stream().filter(c -> !c.isDeleted())
                .mapToLong(SandboxConversation::messageCount).sum();
    }
}
