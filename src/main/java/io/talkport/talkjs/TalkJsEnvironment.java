package io.talkport.talkjs;

/** The two TalkJS environments a migration targets; each has its own app id and secret key. */
public enum TalkJsEnvironment {
    /** The test-mode app: every import is rehearsed here first. */
    TEST,
    /** The live app: written to only when a verified test run is promoted. */
    LIVE;

    /** Lower-case name used in config keys, metric tags and messages ({@code test}, {@code live}). */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
