package io.talkport.talkjs;

import java.util.List;
import java.util.Map;

public record TalkJsMessage(String id, String senderId, String text, long createdAt, List<String> readBy, Map<String, String> custom, String attachmentUrl, Long attachmentSize, String origin, String type) {}
