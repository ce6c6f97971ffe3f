package io.talkport.bundle.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Receives the neutral records a format makes from its source: objects in the shape of the Talkport bundle format
 * (docs/bundle-format.md: users, conversations, messages), each with the source position that issues name. The same
 * rules, COPY staging and cross-checks then apply to every format. Records may come in any order of kinds.
 */
public interface RecordSink {

    /** A user object ({@code id}, {@code name}, {@code email}, {@code photoUrl}, {@code custom}...). */
    void user(ObjectNode user, SourcePosition at);

    /** A conversation object ({@code id}, {@code participants}, {@code subject}, {@code custom}...). */
    void conversation(ObjectNode conversation, SourcePosition at);

    /**
     * A message object ({@code conversationId}, {@code sender}, {@code timestamp} in ms, {@code text}...). Its
     * {@code attachment}, when given, is the path of a file of this archive as {@link SourceArchive#names()} gives
     * it (any folder); staging records its size and sha-256 and the push uploads it (see {@link SourceFiles}).
     */
    void message(ObjectNode message, SourcePosition at);

    /** An error that excludes an item the format could not read (MALFORMED_JSON, WRONG_TYPE, ...). */
    void error(SourcePosition at, String code, String field, String message);

    /** A warning about an item that is still imported (a changed value, a dropped field). */
    void warning(SourcePosition at, String code, String field, String message);
}
