package io.talkport.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.talkport.talkjs.ImportMessage;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
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

    public List<ImportMessage> of(Task task, List<StagedMessage> messages) {
        return messages.stream().map(m -> new ImportMessage(m.sender(), m.text() == null ? "" : m.text(),
                m.timestamp(), read(m.readByJson(), STRINGS), attachments.tokenFor(task, m),
                m.customJson() == null ? null : read(m.customJson(), STRING_MAP))).toList();
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
