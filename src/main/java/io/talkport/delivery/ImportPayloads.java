package io.talkport.delivery;

import io.talkport.delivery.ledger.Task;
import io.talkport.delivery.ledger.LeaseLostException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.logging.Log;
import io.talkport.bundle.AttachmentUnreadableException;
import io.talkport.talkjs.ImportMessage;
import io.talkport.talkjs.TalkJsNotFoundException;
import io.talkport.talkjs.TalkJsRejectedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns staged messages into the import endpoint's payload, uploading a staged file first where one is attached. */
@ApplicationScoped
public class ImportPayloads {

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<Map<String, String>> STRING_MAP = new TypeReference<>() { };

    private final AttachmentTokens attachments;
    private final ObjectMapper mapper;

    public ImportPayloads(AttachmentTokens attachments, ObjectMapper mapper) {
        this.attachments = attachments;
        this.mapper = mapper;
    }

    /**
     * The payload of one import call, and the messages left out of it: those whose file cannot be read from the
     * stored archive or that TalkJS refused to take, each with its reason.
     */
    public record Built(List<ImportMessage> payload, List<StagedMessage> sent, Map<StagedMessage, String> leftOut) {
    }

    /** The payload of messages that need no upload, or whose uploads must all work (any failure is thrown). */
    public List<ImportMessage> of(Task task, List<StagedMessage> messages) {
        return messages.stream().map(m -> payload(m, attachments.tokenFor(task, m))).toList();
    }

    /**
     * The payload message by message: a file that cannot be read (or that TalkJS refuses), or staged data that cannot
     * be turned into a payload, costs only its own message, which is left out with the reason, never its neighbours
     * in the call.
     */
    public Built ofEach(Task task, List<StagedMessage> messages) {
        List<ImportMessage> payload = new ArrayList<>(messages.size());
        List<StagedMessage> sent = new ArrayList<>(messages.size());
        Map<StagedMessage, String> leftOut = new LinkedHashMap<>();
        for (StagedMessage message : messages) {
            try {
                payload.add(payload(message, attachments.tokenFor(task, message)));
                sent.add(message);
            } catch (AttachmentUnreadableException | TalkJsRejectedException e) {
                leftOut.put(message, e.getMessage());
            } catch (TalkJsNotFoundException | LeaseLostException e) {
                throw e;
            } catch (RuntimeException e) {
                if (FailureClass.of(e) != FailureClass.ITEM) {
                    throw e;
                }
                // A local fault of this message alone (its staged data cannot be turned into a payload).
                Log.errorf(e, "job %d run %d: %s of conversation %s cannot be imported", task.jobId(), task.runId(),
                        message.itemId(), task.ref());
                leftOut.put(message, FailureClass.reason(e));
            }
        }
        return new Built(payload, sent, leftOut);
    }

    private ImportMessage payload(StagedMessage m, String attachmentToken) {
        return new ImportMessage(m.sender(), m.text() == null ? "" : m.text(), m.timestamp(),
                read(m.readByJson(), STRINGS), attachmentToken,
                m.customJson() == null ? null : read(m.customJson(), STRING_MAP));
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
