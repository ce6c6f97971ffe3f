package io.talkport.api;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.talkport.job.Run;
import io.talkport.talkjs.TalkJsEnvironment;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.List;

/** Failed items of a run with TalkJS's reason, a page at a time. */
@ApplicationScoped
public class FailureViews {

    /** One page of failures. */
    public record Page(long total, List<Item> items) {
        public record Item(String kind, String itemId, String reason, Instant at) {
        }
    }

    public Page of(long jobId, TalkJsEnvironment environment, int page, int size) {
        int safeSize = Math.min(Math.max(size, 1), 500);
        int safePage = Math.max(page, 1);
        return QuarkusTransaction.requiringNew().call(() -> {
            Run run = Run.find(jobId, environment).orElse(null);
            if (run == null) {
                return new Page(0, List.of());
            }
            var em = Panache.getEntityManager();
            long total = ((Number) em.createNativeQuery("SELECT count(*) FROM delivery_failure WHERE run_id = ?1")
                    .setParameter(1, run.id).getSingleResult()).longValue();
            if ((long) (safePage - 1) * safeSize >= total) {
                return new Page(total, List.of());
            }
            @SuppressWarnings("unchecked")
            List<Object[]> rows = em.createNativeQuery("""
                    SELECT kind, item_id, reason, at FROM delivery_failure WHERE run_id = ?1 ORDER BY id
                    """).setParameter(1, run.id).setFirstResult((safePage - 1) * safeSize).setMaxResults(safeSize)
                    .getResultList();
            return new Page(total, rows.stream().map(r -> new Page.Item((String) r[0], (String) r[1], (String) r[2],
                    toInstant(r[3]))).toList());
        });
    }

    private static Instant toInstant(Object value) {
        if (value instanceof Instant instant) {
            return instant;
        }
        if (value instanceof java.sql.Timestamp timestamp) {
            return timestamp.toInstant();
        }
        if (value instanceof java.time.OffsetDateTime odt) {
            return odt.toInstant();
        }
        return null;
    }
}
