package io.talkport.web;

import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One-time messages for the page a form action redirects to ("post, redirect, get"). The message stays on the
 * server; the redirect carries only a random id ({@code ?flash=…}), which shows nothing to anyone but the user who
 * caused it and only once, so a link cannot put words into the page's alert banner. Kept in memory for
 * {@link #TTL_MILLIS}: behind several instances without sticky sessions a message may be lost (never wrong).
 */
@ApplicationScoped
public class Flash {

    static final long TTL_MILLIS = 5 * 60_000;
    static final int MAX_KEPT = 10_000;

    /**
     * A message for the next page. {@code field} names the form field it belongs to (null: the page's banner),
     * {@code typed} is what the user had typed there, {@code error} whether it reports a refusal.
     */
    public record Message(String text, boolean error, String field, String typed) {

        /** No message: what pages get when there is none, so that templates need no null checks. */
        public static final Message NONE = new Message(null, false, null, null);

        public static Message info(String text) {
            return new Message(text, false, null, null);
        }

        public static Message refusal(String text) {
            return new Message(text, true, null, null);
        }

        public static Message fieldError(String field, String text, String typed) {
            return new Message(text, true, field, typed);
        }

        /** Whether the message belongs next to {@code name} rather than in the banner. */
        public boolean isFor(String name) {
            return name.equals(field);
        }

        public boolean isBanner() {
            return text != null && field == null;
        }

        /** The message when it belongs next to {@code name}, else null. */
        public String errorFor(String name) {
            return isFor(name) ? text : null;
        }

        /** What was typed into {@code name} when the message belongs to it, else "". */
        public String typedFor(String name) {
            return isFor(name) && typed != null ? typed : "";
        }
    }

    private record Entry(String user, Message message, long expires) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    /** Stores {@code message} for {@code user}; returns the id for the redirect's {@code flash} parameter. */
    public String put(String user, Message message) {
        long now = System.currentTimeMillis();
        if (entries.size() >= MAX_KEPT) {
            entries.values().removeIf(e -> e.expires() < now);
            if (entries.size() >= MAX_KEPT) {
                entries.clear(); // only under a flood of unread messages; losing them is harmless
            }
        }
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        String id = HexFormat.of().formatHex(bytes);
        entries.put(id, new Entry(user, message, now + TTL_MILLIS));
        return id;
    }

    /**
     * The message stored under {@code id} for {@code user}, once; {@link Message#NONE} for no id or an unknown,
     * expired or foreign one.
     */
    public Message take(String id, String user) {
        if (id == null) {
            return Message.NONE;
        }
        Entry entry = entries.get(id);
        if (entry == null || !entry.user().equals(user)) {
            return Message.NONE;
        }
        entries.remove(id);
        return entry.expires() < System.currentTimeMillis() ? Message.NONE : entry.message();
    }
}
