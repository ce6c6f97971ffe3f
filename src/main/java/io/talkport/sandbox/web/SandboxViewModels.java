package io.talkport.sandbox.web;

import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConversation;
import io.talkport.sandbox.SandboxMessage;
import io.talkport.sandbox.SandboxUser;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/** Builds the page view models (records) from sandbox state; pages are 1-based, {@value SandboxPages#PAGE_SIZE} rows. */
@ApplicationScoped
public class SandboxViewModels {

    /** One page of rows; {@code number} is 1-based. */
    public record Page<T>(List<T> rows, int number, boolean hasPrevious, boolean hasNext, long total) {
        public int previous() {
            return number - 1;
        }

        public int next() {
            return number + 1;
        }
    }

    public record UserRow(String id, String name, long createdAt) {
    }

    public record ConversationRow(String id, String subject, int participants, int messages, long createdAt) {
    }

    public record MessageRow(String id, String senderId, String type, String text, long createdAt,
                             String attachmentUrl, String attachmentName, int attachmentSize) {
    }

    Page<UserRow> users(SandboxApp app, int page) {
        List<UserRow> rows = app.userOrder().values().stream().skip((long) (page - 1) * SandboxPages.PAGE_SIZE)
                .limit(SandboxPages.PAGE_SIZE + 1L).map(app::user).filter(u -> u != null)
                .map(u -> new UserRow(u.id(), u.name(), u.createdAt())).toList();
        return page(rows, page, app.users().size());
    }

    Page<ConversationRow> conversations(SandboxApp app, int page) {
        List<ConversationRow> rows = app.conversationOrder().values().stream()
                .skip((long) (page - 1) * SandboxPages.PAGE_SIZE).limit(SandboxPages.PAGE_SIZE + 1L)
                .map(SandboxViewModels::row).toList();
        return page(rows, page, app.conversations().size());
    }

    Page<MessageRow> messages(SandboxApp app, SandboxConversation conversation, int page) {
        long offset = (long) (page - 1) * SandboxPages.PAGE_SIZE;
        // A page far past the end (?page=2147483647) is empty, not an int overflow into a negative offset.
        List<MessageRow> rows = offset >= conversation.messageCount() ? List.of()
                : conversation.pageByOffset((int) offset, SandboxPages.PAGE_SIZE + 1).stream()
                        .map(SandboxViewModels::row).toList();
        return page(rows, page, conversation.messageCount());
    }

    static ConversationRow row(SandboxConversation conversation) {
        SandboxConversation.Snapshot s = conversation.snapshot();
        return new ConversationRow(s.id(), s.subject(), s.participants().size(), s.messageCount(), s.createdAt());
    }

    private static MessageRow row(SandboxMessage m) {
        var file = m.attachment();
        return new MessageRow(m.id(), m.senderId(), m.type().name(), m.text(), m.createdAt(),
                file == null ? null : file.path(), file == null ? null : file.filename(),
                file == null ? 0 : file.size());
    }

    /** {@code rows} holds up to one row more than a page, which tells whether a next page exists. */
    private static <T> Page<T> page(List<T> rows, int number, long total) {
        boolean hasNext = rows.size() > SandboxPages.PAGE_SIZE;
        return new Page<>(hasNext ? rows.subList(0, SandboxPages.PAGE_SIZE) : rows, number, number > 1, hasNext,
                total);
    }
}
