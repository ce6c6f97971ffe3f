package io.talkport.talkjs;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One historical message in the documented import form: {@code text}, {@code sender}, {@code timestamp} (ms),
 * {@code readBy}, {@code type: "UserMessage"}, optional {@code attachmentToken} and {@code custom}.
 *
 * @param attachmentToken nullable token from {@link TalkJsClient#uploadFile}
 * @param custom nullable map of string values
 */
public record ImportMessage(String sender, String text, long timestamp, List<String> readBy, String attachmentToken,
        Map<String, String> custom) {

    public ImportMessage {
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(text, "text");
        readBy = readBy == null ? List.of() : List.copyOf(readBy);
        custom = custom == null ? null : Map.copyOf(custom);
    }

    /** Message texts are customer data: keep them out of logs that print records. */
    @Override
    public String toString() {
        return "ImportMessage[sender=" + sender + ", timestamp=" + timestamp + ", textLength=" + text.length()
                + ", readBy=" + readBy.size() + ", attachment=" + (attachmentToken != null) + "]";
    }
}
