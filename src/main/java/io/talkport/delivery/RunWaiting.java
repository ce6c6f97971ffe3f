package io.talkport.delivery;

import io.talkport.delivery.ledger.Sql;
import io.talkport.job.RunStatus;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * Why an active run is not moving: the latest error a worker recorded on a task it gave back for a later try, and
 * when the next of the run's waiting tasks may be tried again. Pages and the API show it, so that no run sits
 * RUNNING without a visible reason (a refused key, TalkJS unreachable, a long Retry-After).
 */
@ApplicationScoped
public class RunWaiting {

    /**
     * @param lastError   the error of the most recently given-back task, as the worker recorded it
     * @param since       when that task was given back
     * @param nextRetryAt the earliest time a waiting task may be claimed again, or null when one may be now
     */
    public record Waiting(String lastError, Instant since, Instant nextRetryAt) {
    }

    /** Runs observed at most; a rare clear bounds the map (deleted jobs leave entries behind). */
    private static final int OBSERVED_MAX = 10_000;

    private final DataSource dataSource;
    private final DeliveryConfig config;
    /** Per run: its progress signature as last seen, and since when it has not changed. */
    private final Map<Long, Observed> observed = new ConcurrentHashMap<>();

    private record Observed(long signature, Instant since) {
    }

    public RunWaiting(DataSource dataSource, DeliveryConfig config) {
        this.dataSource = dataSource;
        this.config = config;
    }

    /**
     * The last resort against a silent stall: a QUEUED, RUNNING or VERIFYING run whose progress ({@code itemsSettled},
     * the done and failed items of every kind) has not changed for {@link DeliveryConfig#stallAfter()} while nothing
     * else explains it gets a reason of its own (no worker or coordinator takes its work: delivery switched off on
     * every instance, a coordinator that cannot run). Seen by this instance's pages and API calls, so the clock starts
     * at the first look after a restart; a verifying run's finished checks count as progress too.
     */
    public Optional<Waiting> stalled(long runId, RunStatus status, long itemsSettled) {
        if (!(status == RunStatus.QUEUED || status.isActive())) {
            observed.remove(runId);
            return Optional.empty();
        }
        long signature = itemsSettled * 8 + status.ordinal()
                + (status == RunStatus.VERIFYING ? 8 * 1_000_003L * unfinishedChecks(runId) : 0);
        Instant now = Instant.now();
        if (observed.size() > OBSERVED_MAX) {
            observed.clear();
        }
        Observed seen = observed.compute(runId, (id, old) -> old == null || old.signature() != signature
                ? new Observed(signature, now) : old);
        Duration still = Duration.between(seen.since(), now);
        if (still.compareTo(config.stallAfter()) < 0) {
            return Optional.empty();
        }
        String reason = status == RunStatus.QUEUED
                ? "Not started after " + minutes(still) + " and no error recorded: no instance is planning runs."
                : "No progress for " + minutes(still) + " and no error recorded: no delivery worker is taking this "
                + "run's work.";
        return Optional.of(new Waiting(reason + " Check that at least one instance runs delivery "
                + "(talkport.delivery.enabled=true) and see its log.", seen.since(), null));
    }

    private static String minutes(Duration duration) {
        long seconds = duration.toSeconds();
        return seconds < 120 ? seconds + " s" : seconds / 60 + " min";
    }

    private int unfinishedChecks(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT count(*) FROM delivery_task
                    WHERE run_id = ? AND kind IN ('VERIFY', 'VERIFY_USERS') AND state = 'PENDING'
                    """, runId);
                 ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        });
    }

    /** Empty when no pending task of the run carries an error. Uses V11's partial index of such tasks. */
    public Optional<Waiting> of(long runId) {
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT error, updated_at,
                           (SELECT min(not_before) FROM delivery_task
                            WHERE run_id = ? AND state = 'PENDING' AND error IS NOT NULL AND not_before > now())
                    FROM delivery_task WHERE run_id = ? AND state = 'PENDING' AND error IS NOT NULL
                    ORDER BY updated_at DESC LIMIT 1
                    """, runId, runId);
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Waiting(rows.getString(1), instant(rows.getTimestamp(2)),
                        instant(rows.getTimestamp(3))));
            }
        });
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
