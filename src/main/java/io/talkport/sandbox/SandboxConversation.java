package io.talkport.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A conversation with its participants and messages. Every access goes through {@code synchronized} methods: the
 * lock is per conversation, so workers importing different conversations never contend.
 */
public final class SandboxConversation {

    /** A participant's settings; {@code notifySetting} (JSON "notify") is true, false or "MentionsOnly". */
    public record Participation(String access, Object notifySetting, Long readUntil) {
        public static final Participation DEFAULT = new Participation("ReadWrite", Boolean.TRUE, null);

        /**
         * Unread for this participant ({@code userId}): the last message is from someone else, the user is not in its
         * {@code readBy}, and it is newer than {@code readUntil}.
         */
        public boolean isUnread(String userId, SandboxMessage last) {
            return last != null && !userId.equals(last.senderId()) && !last.readBy().contains(userId)
                    && (readUntil == null || last.createdAt() > readUntil);
        }
    }

    /** The conversation's own fields, replaced as a whole on every change. */
    public record Attributes(String id, long createdAt, String subject, String photoUrl, List<String> welcomeMessages,
                             Map<String, String> custom) {
        public Attributes withSubject(String value) {
            return new Attributes(id, createdAt, value, photoUrl, welcomeMessages, custom);
        }

        public Attributes withPhotoUrl(String value) {
            return new Attributes(id, createdAt, subject, value, welcomeMessages, custom);
        }

        public Attributes withWelcomeMessages(List<String> value) {
            return new Attributes(id, createdAt, subject, photoUrl, value, custom);
        }

        public Attributes withCustom(Map<String, String> value) {
            return new Attributes(id, createdAt, subject, photoUrl, welcomeMessages, value);
        }
    }

    private final String id;
    private final long createdAt;
    private Attributes attributes;
    private final LinkedHashMap<String, Participation> participants = new LinkedHashMap<>();
    /** Sorted ascending by (createdAt, seq); imports mostly arrive in order, so inserts are mostly appends. */
    private final ArrayList<SandboxMessage> messages = new ArrayList<>();
    private final HashMap<String, SandboxMessage> messagesById = new HashMap<>();
    /** Reactions by message id, then emoji, then the users in the order they reacted. */
    private final HashMap<String, LinkedHashMap<String, LinkedHashSet<String>>> reactions = new HashMap<>();
    private boolean deleted;

    public SandboxConversation(String id, long createdAt) {
        this.id = id;
        this.createdAt = createdAt;
        this.attributes = new Attributes(id, createdAt, null, null, null, Map.of());
    }

    public String id() {
        return id;
    }

    public long createdAt() {
        return createdAt;
    }

    public SandboxUser.Key key() {
        return new SandboxUser.Key(createdAt, id);
    }

    /** An immutable copy of the conversation's attributes, safe to render outside the lock. */
    public synchronized Snapshot snapshot() {
        SandboxMessage last = lastMessage();
        return new Snapshot(id, attributes.subject(), attributes.photoUrl(), attributes.welcomeMessages(),
                attributes.custom(), createdAt, Collections.unmodifiableMap(new LinkedHashMap<>(participants)),
                messages.size(), last, last == null ? Map.of() : reactions(last.id()));
    }

    /** The newest message by createdAt (then insertion), or null. */
    public synchronized SandboxMessage lastMessage() {
        return messages.isEmpty() ? null : messages.get(messages.size() - 1);
    }

    /** When the last message was sent, else when the conversation was created: the list's "last activity". */
    public synchronized long lastActivity() {
        return messages.isEmpty() ? createdAt : messages.get(messages.size() - 1).createdAt();
    }

    /** Attributes plus counts; {@code lastMessage} may be null. */
    public record Snapshot(String id, String subject, String photoUrl, List<String> welcomeMessages,
                           Map<String, String> custom, long createdAt, Map<String, Participation> participants,
                           int messageCount, SandboxMessage lastMessage,
                           Map<String, List<String>> lastMessageReactions) {
    }

    /** Marks the conversation gone (a concurrent import then answers 404); returns its message count. */
    public synchronized int markDeleted() {
        deleted = true;
        return messages.size();
    }

    public synchronized boolean isDeleted() {
        return deleted;
    }

    public synchronized Attributes attributes() {
        return attributes;
    }

    public synchronized void setAttributes(Attributes attributes) {
        this.attributes = attributes;
    }

    public synchronized Map<String, String> custom() {
        return attributes.custom();
    }

    public synchronized boolean isParticipant(String userId) {
        return participants.containsKey(userId);
    }

    public synchronized Participation participant(String userId) {
        return participants.get(userId);
    }

    /** Whether the conversation is unread for this participant ({@link Participation#isUnread}). */
    public synchronized boolean isUnread(String userId) {
        Participation participation = participants.get(userId);
        return participation != null && participation.isUnread(userId, lastMessage());
    }

    public synchronized int participantCount() {
        return participants.size();
    }

    /**
     * The users of {@code userIds} that are not yet participants, with the defaults, in order; fails (changing
     * nothing) when they would pass {@code cap}. The caller stores them, then {@link #putParticipants}.
     */
    public synchronized Map<String, Participation> newParticipants(List<String> userIds, int cap) {
        LinkedHashMap<String, Participation> added = new LinkedHashMap<>();
        userIds.stream().filter(u -> !participants.containsKey(u)).forEach(u -> added.put(u, Participation.DEFAULT));
        if (participants.size() + added.size() > cap) {
            throw SandboxException.badRequest("PARTICIPANT_LIMIT",
                    "A conversation can have at most " + cap + " participants");
        }
        return added;
    }

    /** Fails (changing nothing) when a new participant would pass {@code cap}. */
    public synchronized void checkRoomFor(String userId, int cap) {
        if (!participants.containsKey(userId) && participants.size() >= cap) {
            throw SandboxException.badRequest("PARTICIPANT_LIMIT",
                    "A conversation can have at most " + cap + " participants");
        }
    }

    /** Adds or overwrites, keeping the join order of those already there. */
    public synchronized void putParticipants(Map<String, Participation> settings) {
        participants.putAll(settings);
    }

    public synchronized boolean removeParticipant(String userId) {
        return participants.remove(userId) != null;
    }

    /** Stores messages in one step (the caller validated them under this same lock). */
    public synchronized void addMessages(List<SandboxMessage> batch) {
        for (SandboxMessage message : batch) {
            int last = messages.size() - 1;
            if (last < 0 || SandboxMessage.compareAscending(messages.get(last), message) <= 0) {
                messages.add(message);
            } else {
                int at = Collections.binarySearch(messages, message, SandboxMessage::compareAscending);
                messages.add(at < 0 ? -at - 1 : at, message);
            }
            messagesById.put(message.id(), message);
        }
    }

    /** Who reacted to a message, by emoji in the order first used; empty when nobody did. */
    public synchronized Map<String, List<String>> reactions(String messageId) {
        LinkedHashMap<String, LinkedHashSet<String>> byEmoji = reactions.get(messageId);
        if (byEmoji == null) {
            return Map.of();
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        byEmoji.forEach((emoji, users) -> copy.put(emoji, List.copyOf(users)));
        return copy;
    }

    /** Whether {@code userId} reacted with {@code emoji}. */
    public synchronized boolean hasReaction(String messageId, String emoji, String userId) {
        LinkedHashMap<String, LinkedHashSet<String>> byEmoji = reactions.get(messageId);
        return byEmoji != null && byEmoji.getOrDefault(emoji, new LinkedHashSet<>()).contains(userId);
    }

    public synchronized void addReaction(String messageId, String emoji, String userId) {
        reactions.computeIfAbsent(messageId, m -> new LinkedHashMap<>())
                .computeIfAbsent(emoji, e -> new LinkedHashSet<>()).add(userId);
    }

    public synchronized void removeReaction(String messageId, String emoji, String userId) {
        LinkedHashMap<String, LinkedHashSet<String>> byEmoji = reactions.get(messageId);
        if (byEmoji != null && byEmoji.containsKey(emoji)) {
            byEmoji.get(emoji).remove(userId);
            if (byEmoji.get(emoji).isEmpty()) {
                byEmoji.remove(emoji);
            }
        }
    }

    public synchronized SandboxMessage message(String messageId) {
        return messagesById.get(messageId);
    }

    public synchronized int messageCount() {
        return messages.size();
    }

    /**
     * One page newest first. {@code startingAfter} must be a message of this conversation (else null is returned so
     * the caller can answer 400).
     */
    public synchronized List<SandboxMessage> pageNewestFirst(String startingAfter, int limit) {
        int from = messages.size() - 1;
        if (startingAfter != null) {
            SandboxMessage after = messagesById.get(startingAfter);
            if (after == null) {
                return null;
            }
            from = Collections.binarySearch(messages, after, SandboxMessage::compareAscending) - 1;
        }
        List<SandboxMessage> page = new ArrayList<>(Math.min(limit, Math.max(from + 1, 0)));
        for (int i = from; i >= 0 && page.size() < limit; i--) {
            page.add(messages.get(i));
        }
        return page;
    }

    /** Page by offset, newest first (browse page). */
    public synchronized List<SandboxMessage> pageByOffset(int offset, int limit) {
        List<SandboxMessage> page = new ArrayList<>();
        for (int i = messages.size() - 1 - offset; i >= 0 && page.size() < limit; i--) {
            page.add(messages.get(i));
        }
        return page;
    }

    /** All messages oldest first (export). */
    public synchronized List<SandboxMessage> allMessages() {
        return new ArrayList<>(messages);
    }
}
