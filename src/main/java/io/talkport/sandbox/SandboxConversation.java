package io.talkport.sandbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
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
    }

    private final String id;
    private final long createdAt;
    private String subject;
    private String photoUrl;
    private List<String> welcomeMessages;
    private Map<String, String> custom = Map.of();
    private final LinkedHashMap<String, Participation> participants = new LinkedHashMap<>();
    /** Sorted ascending by (createdAt, seq); imports mostly arrive in order, so inserts are mostly appends. */
    private final ArrayList<SandboxMessage> messages = new ArrayList<>();
    private final HashMap<String, SandboxMessage> messagesById = new HashMap<>();
    private boolean deleted;

    public SandboxConversation(String id, long createdAt) {
        this.id = id;
        this.createdAt = createdAt;
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
        SandboxMessage last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        return new Snapshot(id, subject, photoUrl, welcomeMessages, custom, createdAt,
                Collections.unmodifiableMap(new LinkedHashMap<>(participants)), messages.size(), last);
    }

    /** Attributes plus counts; {@code lastMessage} may be null. */
    public record Snapshot(String id, String subject, String photoUrl, List<String> welcomeMessages,
                           Map<String, String> custom, long createdAt, Map<String, Participation> participants,
                           int messageCount, SandboxMessage lastMessage) {
    }

    /** Marks the conversation gone (a concurrent import then answers 404); returns its message count. */
    public synchronized int markDeleted() {
        deleted = true;
        return messages.size();
    }

    public synchronized boolean isDeleted() {
        return deleted;
    }

    public synchronized void setSubject(String subject) {
        this.subject = subject;
    }

    public synchronized void setPhotoUrl(String photoUrl) {
        this.photoUrl = photoUrl;
    }

    public synchronized void setWelcomeMessages(List<String> welcomeMessages) {
        this.welcomeMessages = welcomeMessages;
    }

    public synchronized void setCustom(Map<String, String> custom) {
        this.custom = custom;
    }

    public synchronized Map<String, String> custom() {
        return custom;
    }

    public synchronized boolean isParticipant(String userId) {
        return participants.containsKey(userId);
    }

    public synchronized Participation participant(String userId) {
        return participants.get(userId);
    }

    public synchronized int participantCount() {
        return participants.size();
    }

    /** Adds the users that are not yet participants with the defaults; fails before changing anything. */
    public synchronized void mergeParticipants(List<String> userIds, int cap) {
        long added = userIds.stream().distinct().filter(u -> !participants.containsKey(u)).count();
        if (participants.size() + added > cap) {
            throw SandboxException.badRequest("PARTICIPANT_LIMIT",
                    "A conversation can have at most " + cap + " participants");
        }
        userIds.forEach(u -> participants.putIfAbsent(u, Participation.DEFAULT));
    }

    public synchronized void putParticipant(String userId, Participation participation, int cap) {
        if (!participants.containsKey(userId) && participants.size() >= cap) {
            throw SandboxException.badRequest("PARTICIPANT_LIMIT",
                    "A conversation can have at most " + cap + " participants");
        }
        participants.put(userId, participation);
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
