package io.talkport.talkjs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Placeholder with the agreed signatures until the real client lands. */
@ApplicationScoped
public class TalkJsClient {
    public void upsertUsers(TalkJsEnvironment env, Map<String, ObjectNode> users) { throw new UnsupportedOperationException(); }
    public Optional<JsonNode> getUser(TalkJsEnvironment env, String id) { throw new UnsupportedOperationException(); }
    public void upsertConversation(TalkJsEnvironment env, String id, ObjectNode payload) { throw new UnsupportedOperationException(); }
    public void joinParticipant(TalkJsEnvironment env, String conversationId, String userId, String access, boolean notify) { throw new UnsupportedOperationException(); }
    public List<String> importMessages(TalkJsEnvironment env, String conversationId, List<ImportMessage> messages) { throw new UnsupportedOperationException(); }
    public List<TalkJsMessage> listAllMessages(TalkJsEnvironment env, String conversationId) { throw new UnsupportedOperationException(); }
    public boolean isCircuitOpen(TalkJsEnvironment env) { return false; }
    public boolean isSandbox(TalkJsEnvironment env) { return true; }
}
