package io.talkport.talkjs;

import java.util.List;
import java.util.Map;

public record ImportMessage(String text, String sender, long timestamp, List<String> readBy, String attachmentToken, Map<String, String> custom) {}
