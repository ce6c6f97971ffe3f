package io.talkport.talkjs;

/**
 * The form of a message import call ({@code talkjs.import.format}).
 *
 * <ul>
 *   <li>{@code DOCUMENTED}: TalkJS's documented form ({@code timestamp}, {@code text}, {@code readBy},
 *       {@code attachmentToken}), at most 10 messages per call in TalkJS's docs.</li>
 *   <li>{@code CONTENT}: the newer form TalkJS's own transfer script sends ({@code createdAt} and content blocks,
 *       attachments as {@code file} blocks with the file token), which that script sends 100 at a time.</li>
 *   <li>{@code AUTO}: the content form with {@code talkjs.import.batch-size} messages per call until an app refuses
 *       it with a 400; then the documented form, 10 per call, for that app (remembered until a restart).</li>
 * </ul>
 */
public enum ImportFormat {
    DOCUMENTED, CONTENT, AUTO
}
