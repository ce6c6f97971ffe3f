package io.talkport.sandbox.api;

import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxException;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * The query of a conversation list ({@code GET /conversations}, {@code GET /users/{id}/conversations}) as TalkJS
 * documents it: newest activity first by default ({@code orderBy=lastMessageTs}, {@code orderDirection=DESC}; since
 * API version 2021-02-09), or by {@code createdAt}; {@code lastMessageBefore} / {@code lastMessageAfter} (ms, a
 * conversation without messages matches neither); {@code unreadsOnly=true} on a user's list. Any other value is a 400.
 * The order is computed per request: activity changes with every import, and {@code startingAfter} continues after
 * that conversation in the order of this request.
 */
record ConversationListing(int limit, String startingAfter, Long lastMessageBefore, Long lastMessageAfter,
                           boolean byCreatedAt, boolean ascending, boolean unreadsOnly) {

    /** The raw query parameters. */
    record Params(String limit, String startingAfter, String lastMessageBefore, String lastMessageAfter,
                  String orderBy, String orderDirection, String unreadsOnly) {
    }

    static ConversationListing parse(Params p, int defaultLimit, int maxLimit, boolean forUser) {
        int limit = SandboxJson.limit(p.limit(), defaultLimit, maxLimit);
        String orderBy = p.orderBy() == null ? "lastMessageTs" : p.orderBy();
        if (!orderBy.equals("lastMessageTs") && !orderBy.equals("createdAt")) {
            throw SandboxException.badRequest("INVALID_ORDER_BY", "orderBy must be lastMessageTs or createdAt");
        }
        String direction = p.orderDirection() == null ? "DESC" : p.orderDirection();
        if (!direction.equalsIgnoreCase("DESC") && !direction.equalsIgnoreCase("ASC")) {
            throw SandboxException.badRequest("INVALID_ORDER_DIRECTION", "orderDirection must be ASC or DESC");
        }
        if (p.unreadsOnly() != null && !(forUser && (p.unreadsOnly().equals("true")
                || p.unreadsOnly().equals("false")))) {
            throw SandboxException.badRequest("INVALID_UNREADS_ONLY",
                    "unreadsOnly is true or false, and only on a user's conversations");
        }
        return new ConversationListing(limit, blankToNull(p.startingAfter()), millis(p.lastMessageBefore(),
                "lastMessageBefore"), millis(p.lastMessageAfter(), "lastMessageAfter"), orderBy.equals("createdAt"),
                direction.equalsIgnoreCase("ASC"), "true".equals(p.unreadsOnly()));
    }

    /** One page of {@code all} (those {@code visible} to the caller) in this listing's order. */
    List<SandboxConversation> page(Collection<SandboxConversation> all, Predicate<SandboxConversation> visible,
                                   Predicate<SandboxConversation> unread) {
        List<Entry> sorted = all.stream().filter(c -> !c.isDeleted()).filter(visible)
                .map(c -> new Entry(c, c.lastMessage() == null ? null : c.lastMessage().createdAt()))
                .sorted(order()).toList();
        int from = 0;
        if (startingAfter != null) {
            from = indexOf(sorted, startingAfter) + 1;
        }
        return sorted.subList(from, sorted.size()).stream().filter(this::matches)
                .filter(e -> !unreadsOnly || unread.test(e.conversation())).limit(limit)
                .map(Entry::conversation).toList();
    }

    private record Entry(SandboxConversation conversation, Long lastMessageTs) {
        long activity() {
            return lastMessageTs == null ? conversation.createdAt() : lastMessageTs;
        }
    }

    private boolean matches(Entry e) {
        return (lastMessageBefore == null || (e.lastMessageTs() != null && e.lastMessageTs() < lastMessageBefore))
                && (lastMessageAfter == null || (e.lastMessageTs() != null && e.lastMessageTs() > lastMessageAfter));
    }

    private Comparator<Entry> order() {
        Comparator<Entry> byKey = byCreatedAt
                ? Comparator.comparing((Entry e) -> e.conversation().key())
                : Comparator.comparingLong(Entry::activity).thenComparing(e -> e.conversation().key());
        return ascending ? byKey : byKey.reversed();
    }

    private static int indexOf(List<Entry> sorted, String id) {
        for (int i = 0; i < sorted.size(); i++) {
            if (sorted.get(i).conversation().id().equals(id)) {
                return i;
            }
        }
        throw SandboxException.badRequest("INVALID_STARTING_AFTER", "startingAfter is not a known conversation id");
    }

    private static Long millis(String raw, String name) {
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        try {
            return Long.valueOf(raw);
        } catch (NumberFormatException e) {
            throw SandboxException.badRequest("INVALID_" + name.toUpperCase(java.util.Locale.ROOT),
                    name + " must be an integer timestamp in milliseconds");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }
}
