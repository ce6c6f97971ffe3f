package io.talkport.delivery;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Background delivery: workers, leases and back-off. */
@ConfigMapping(prefix = "talkport.delivery")
public interface DeliveryConfig {

    /** Whether this instance runs delivery workers at all. Default true. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Worker threads of this instance. Each holds one task (a conversation, a user batch) or one group of small
     * conversations at a time; many conversations in parallel keep the TalkJS rate budget busy despite per-call
     * latency. Default 8.
     */
    @WithDefault("8")
    int workers();

    /**
     * How long a claimed task stays ours without renewal. A task's lease is renewed before each TalkJS call made for it
     * (the fence) and by the heartbeat while it is held, so a task is never worked on by two instances at once.
     * Default 60s.
     */
    @WithDefault("60s")
    Duration lease();

    /**
     * Lease time that must remain before a grouped conversation's import call is started (those calls follow one
     * fence for the whole group); at most half the lease is asked for. Longer than a call can take. Default 40s.
     */
    @WithDefault("40s")
    Duration minLeaseLeft();

    /**
     * How often the coordinator advances runs (plans queued ones, moves finished phases on). Each phase change of a
     * run waits for a tick, so a small run takes a few ticks longer than its TalkJS calls. Default 1s.
     */
    @WithDefault("1s")
    Duration tick();

    /** How often idle workers look for work. Default 500ms. */
    @WithDefault("500ms")
    Duration pollInterval();

    /** First wait after a transient failure; doubles per attempt up to {@link #maxBackoff()}. Default 1s. */
    @WithDefault("1s")
    Duration backoff();

    /** Longest wait between attempts. Default 60s. */
    @WithDefault("60s")
    Duration maxBackoff();

    /**
     * How long an active run may go without any item finishing, and without an error that explains it, before its
     * page and the API say that nothing is taking its work ({@link RunWaiting#stalled}). Default 2m.
     */
    @WithDefault("2m")
    Duration stallAfter();

    /** What verification reads back from TalkJS. */
    enum ReadBack {
        /**
         * Only what the ledger cannot vouch for: conversations retried, reconciled, partly failed, holding messages
         * another tool sent or reactions to add; user batches that failed. The rest was taken by TalkJS on one clean
         * import call each ({@link io.talkport.delivery.ledger.DeliveryLedger#VOUCHED_CONVERSATION}).
         */
        UNVOUCHED,
        /** Every user batch and every conversation, one read each (TalkJS calls: one per conversation at least). */
        ALL
    }

    /**
     * What verification reads back from TalkJS: {@code unvouched} (only what the ledger cannot vouch for) or
     * {@code all}. Conversations are read ten at a time through the batch endpoint, on its own budget, when it is
     * enabled. Default unvouched.
     */
    @WithDefault("unvouched")
    ReadBack verifyReadBack();

    /** Attempts at one batch with unknown or transient outcomes before it is marked failed. Default 20. */
    @WithDefault("20")
    int maxAttempts();

    /**
     * Small conversations (all their messages fit in one import call) one worker takes together: their leases, ledger
     * writes and conversation creation are shared, one transaction for all where one each would be needed. 1 turns
     * grouping off. Default 10 (and never more than the batch endpoint's operations per call).
     */
    @WithDefault("10")
    int groupSize();
}
