package io.talkport.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.SecurityContext;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Writes and reads the audit trail. Each entry is written in its own transaction after the action succeeded, so an
 * entry never disappears with a rolled-back action and never records one that did not happen.
 */
@ApplicationScoped
public class AuditLog {

    /** Longest detail kept; a typed confirmation or a user name tried can be anything. */
    private static final int MAX_DETAIL = 500;

    /** Records an action of the request's user. */
    public void record(SecurityContext security, AuditAction action, Long jobId, TalkJsEnvironment environment,
                       String detail) {
        String user = security.getUserPrincipal() == null ? null : security.getUserPrincipal().getName();
        record(user, action, jobId, environment == null ? null : environment.name().toLowerCase(Locale.ROOT), detail);
    }

    public void record(String username, AuditAction action, Long jobId, String environment, String detail) {
        QuarkusTransaction.requiringNew().run(() -> {
            AuditEvent event = new AuditEvent();
            event.at = Instant.now();
            event.username = clip(username, 200);
            event.action = action.code;
            event.jobId = jobId;
            event.environment = environment;
            event.detail = clip(detail, MAX_DETAIL);
            event.persist();
        });
    }

    /** One page (1-based) of the trail, newest first, and the total count. */
    public Page page(int page, int size) {
        int safeSize = Math.min(Math.max(size, 1), 500);
        int safePage = Math.max(page, 1);
        return QuarkusTransaction.requiringNew().call(() -> {
            long total = AuditEvent.count();
            // A page past the end is empty (page=2147483647 would overflow the row offset).
            List<Entry> items = (long) (safePage - 1) * safeSize >= total ? List.of()
                    : AuditEvent.newestFirst(safePage, safeSize).stream().map(Entry::of).toList();
            return new Page(safePage, safeSize, total, items);
        });
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max) + "…";
    }

    /** One audit entry as pages and the API show it. */
    public record Entry(long id, Instant at, String username, String action, Long jobId, String environment,
                        String detail) {
        static Entry of(AuditEvent event) {
            return new Entry(event.id, event.at, event.username, event.action, event.jobId, event.environment,
                    event.detail);
        }
    }

    /** One page of the trail. */
    public record Page(int page, int size, long total, List<Entry> items) {
        public int pages() {
            return (int) Math.max(1, (total + size - 1) / size);
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public boolean hasNext() {
            return page < pages();
        }
    }
}
