package io.talkport.talkjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends one import batch in the configured {@link ImportFormat}. With {@code auto}, each app is asked in the content
 * form until it answers: accepted, it stays there; refused with a 400, the same messages go again in the documented
 * form, at most {@link #DOCUMENTED_MAX} per call, and the app stays documented (remembered per app id until a
 * restart). Exactly-once holds: a 400 imported nothing (TalkJS's import is all-or-nothing); when a later call of a
 * split batch fails after earlier ones were taken, the outcome is reported unknown, so the caller reads back and
 * sends only what is missing.
 */
final class MessageImports {

    /** TalkJS's documented maximum of messages per import call. */
    static final int DOCUMENTED_MAX = 10;

    /** Sends one import call and returns TalkJS's answer. */
    interface Sender {
        JsonNode send(JsonNode body);
    }

    private final ImportFormat format;
    private final ImportBodies bodies;
    /** What {@code auto} learned per app id: CONTENT or DOCUMENTED; absent while unknown. */
    private final Map<String, ImportFormat> learned = new ConcurrentHashMap<>();

    MessageImports(ImportFormat format, ObjectMapper json) {
        this.format = format;
        this.bodies = new ImportBodies(json);
    }

    /** The form the next call to {@code appId} is sent in: CONTENT or DOCUMENTED. */
    ImportFormat formFor(String appId) {
        return format != ImportFormat.AUTO ? format : learned.getOrDefault(appId, ImportFormat.CONTENT);
    }

    List<JsonNode> send(TalkJsEnvironment env, String appId, List<ImportMessage> messages, Sender sender) {
        ImportFormat form = formFor(appId);
        if (form == ImportFormat.DOCUMENTED) {
            return format == ImportFormat.AUTO ? inDocumentedCalls(env, messages, sender)
                    : List.of(sender.send(bodies.of(messages, false)));
        }
        try {
            List<JsonNode> answer = List.of(sender.send(bodies.of(messages, true)));
            learn(appId, ImportFormat.CONTENT);
            return answer;
        } catch (TalkJsRejectedException e) {
            if (format != ImportFormat.AUTO || e.status() != 400 || learned.containsKey(appId)) {
                throw e;
            }
            Log.infof("TalkJS %s refused the content import form (HTTP 400); trying the documented form, %d per call",
                    env.key(), DOCUMENTED_MAX);
            List<JsonNode> answers = inDocumentedCalls(env, messages, sender);
            learn(appId, ImportFormat.DOCUMENTED);
            return answers;
        }
    }

    private void learn(String appId, ImportFormat form) {
        if (format == ImportFormat.AUTO && learned.putIfAbsent(appId, form) == null) {
            Log.infof("TalkJS app %s: message imports use the %s form", appId, form.name().toLowerCase());
        }
    }

    /** The messages in documented calls of at most 10; a failure after the first call makes the outcome unknown. */
    private List<JsonNode> inDocumentedCalls(TalkJsEnvironment env, List<ImportMessage> messages, Sender sender) {
        List<JsonNode> answers = new ArrayList<>();
        for (int from = 0; from < messages.size(); from += DOCUMENTED_MAX) {
            List<ImportMessage> part = messages.subList(from, Math.min(from + DOCUMENTED_MAX, messages.size()));
            try {
                answers.add(sender.send(bodies.of(part, false)));
            } catch (TalkJsRejectedException e) {
                if (from == 0) {
                    throw e;
                }
                throw new TalkJsOutcomeUnknownException(env, e.status(), "import.messages", "TalkJS took the first "
                        + from + " messages of the batch and refused the next " + part.size(), e);
            }
        }
        return answers;
    }
}
