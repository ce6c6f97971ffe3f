package io.talkport.bundle.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** Keeps every record and issue a format produces, for assertions in unit tests. */
public final class CollectingSink implements RecordSink {

    public record Item(ObjectNode node, SourcePosition at) {
        public String text(String field) {
            return node.path(field).asText(null);
        }
    }

    public final List<Item> users = new ArrayList<>();
    public final List<Item> conversations = new ArrayList<>();
    public final List<Item> messages = new ArrayList<>();
    /** "error CODE file line field: message" per issue. */
    public final List<String> issues = new ArrayList<>();
    public final CarryOver report = new CarryOver();

    /** Reads {@code archive} as {@code format} into a new sink. */
    public static CollectingSink read(SourceFormat format, SourceArchive archive) {
        CollectingSink sink = new CollectingSink();
        try {
            format.read(archive, sink, sink.report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sink;
    }

    public Item message(String id) {
        return messages.stream().filter(m -> id.equals(m.text("id"))).findFirst().orElseThrow();
    }

    public Item user(String id) {
        return users.stream().filter(m -> id.equals(m.text("id"))).findFirst().orElseThrow();
    }

    @Override
    public void user(ObjectNode user, SourcePosition at) {
        users.add(new Item(user, at));
    }

    @Override
    public void conversation(ObjectNode conversation, SourcePosition at) {
        conversations.add(new Item(conversation, at));
    }

    @Override
    public void message(ObjectNode message, SourcePosition at) {
        messages.add(new Item(message, at));
    }

    @Override
    public void error(SourcePosition at, String code, String field, String message) {
        issues.add("error " + code + " " + at.file() + " " + at.line() + " " + field + ": " + message);
    }

    @Override
    public void warning(SourcePosition at, String code, String field, String message) {
        issues.add("warning " + code + " " + at.file() + " " + at.line() + " " + field + ": " + message);
    }
}
