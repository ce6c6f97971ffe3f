package io.talkport.sandbox;

import java.util.List;
import java.util.Map;

/** A stored user; immutable, replaced as a whole on every upsert. Null lists/maps mean "not set". */
public record SandboxUser(String id, String name, List<String> email, List<String> phone, String photoUrl,
                          String headerPhotoUrl, String welcomeMessage, String role, String locale,
                          String availabilityText, Map<String, String> custom, Map<String, Boolean> pushTokens,
                          long createdAt) {

    /** Orders users for listing: by creation time, then id. */
    public record Key(long createdAt, String id) implements Comparable<Key> {
        @Override
        public int compareTo(Key other) {
            int byTime = Long.compare(createdAt, other.createdAt);
            return byTime != 0 ? byTime : id.compareTo(other.id);
        }
    }

    public Key key() {
        return new Key(createdAt, id);
    }
}
