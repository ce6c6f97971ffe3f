package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.Task;
import io.talkport.delivery.ledger.LeaseLostException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.talkport.talkjs.TalkJsException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * This instance's delivery workers: each claims a task from the ledger, delivers it, and claims the next. A
 * heartbeat renews the leases of held tasks, so a long task is not taken over while this instance is alive.
 */
@ApplicationScoped
public class DeliveryWorkers {

    private final DeliveryLedger ledger;
    private final DeliveryContext context;
    private final DeliveryConfig config;
    private final UserBatchDelivery users;
    private final ConversationDelivery conversations;
    private final Verification verification;
    private final RunSteps steps;
    private final MeterRegistry metrics;
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public DeliveryWorkers(DeliveryLedger ledger, DeliveryContext context, DeliveryConfig config,
                           UserBatchDelivery users, ConversationDelivery conversations, Verification verification,
                           RunSteps steps, MeterRegistry metrics) {
        this.ledger = ledger;
        this.context = context;
        this.config = config;
        this.users = users;
        this.conversations = conversations;
        this.verification = verification;
        this.steps = steps;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        if (!config.enabled()) {
            Log.info("Delivery workers are disabled on this instance (talkport.delivery.enabled=false)");
            return;
        }
        running = true;
        for (int i = 1; i <= config.workers(); i++) {
            threads.add(startDaemon("delivery-" + i, this::work));
        }
        threads.add(startDaemon("delivery-heartbeat", this::heartbeat));
        Log.infof("%d delivery workers started as %s", config.workers(), context.owner());
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        threads.forEach(Thread::interrupt);
    }

    private static Thread startDaemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private void work() {
        while (running) {
            try {
                ledger.claim(context.newLease(), config.lease()).ifPresentOrElse(this::process, this::idle);
            } catch (RuntimeException e) {
                Log.warnf("delivery worker: %s; retrying shortly", e.getMessage());
                idle();
            }
        }
    }

    private void process(Task task) {
        context.hold(task);
        try {
            switch (task.kind()) {
                case USER_BATCH -> users.deliver(task);
                case CONVERSATION -> conversations.deliver(task);
                case VERIFY_USERS -> verification.verifyUsers(task);
                case VERIFY -> verification.verifyConversation(task);
            }
        } catch (LeaseLostException e) {
            Log.debugf("%s: lease ended (paused, cancelled or taken over)", task);
            giveBackQuietly(task);
        } catch (RuntimeException e) {
            handle(task, e);
        } finally {
            context.letGo(task);
        }
    }

    /**
     * Classifies what stopped the task ({@link FailureClass}): TalkJS's transient answers are tried again after a
     * back-off; anything permanent fails the item (or, for credentials, the run) at once with a reason a user can read.
     * Nothing here touches the TalkJS circuit breaker: it counts TalkJS's own answers only.
     */
    private void handle(Task task, RuntimeException e) {
        switch (FailureClass.of(e)) {
            case RUN -> {
                steps.fail(task.runId(), e.getMessage());
                releaseQuietly(task, Instant.now(), e.getMessage());
            }
            case ITEM -> failItem(task, e);
            case TRANSIENT -> {
                Duration wait = backoff(task.attempts());
                Log.infof("job %d run %d: %s %s: %s; next try in %d ms", task.jobId(), task.runId(), task.kind(),
                        task.ref(), e.getMessage(), wait.toMillis());
                metrics.counter("talkport.delivery.transient_errors", "kind", task.kind().name()).increment();
                releaseQuietly(task, Instant.now().plus(wait), e.getMessage());
            }
        }
    }

    private void failItem(Task task, RuntimeException e) {
        String reason = FailureClass.reason(e);
        if (e instanceof TalkJsException) {
            Log.warnf("%s failed: %s", task, reason);
        } else {
            Log.errorf(e, "%s failed on a local error (not retried): %s", task, reason);
        }
        metrics.counter("talkport.delivery.permanent_errors", "kind", task.kind().name()).increment();
        try {
            ledger.failTask(task, reason);
        } catch (RuntimeException recording) {
            // The database itself is away: the task goes back with the reason, visible, and is tried again later.
            Log.warnf("%s: could not record its failure (%s); tried again later", task, recording.getMessage());
            releaseQuietly(task, Instant.now().plus(backoff(task.attempts())), reason);
        }
    }

    /** After a pause or a cancel: our call has returned, so what we still hold can be taken again at once. */
    private void giveBackQuietly(Task task) {
        try {
            ledger.giveBack(task.runId(), task.lease());
        } catch (RuntimeException e) {
            Log.warnf("%s: could not give back (%s); its lease will expire", task, e.getMessage());
        }
    }

    private void releaseQuietly(Task task, Instant notBefore, String error) {
        try {
            ledger.release(task, task.lease(), notBefore, DeliveryLedger.truncate(error));
        } catch (RuntimeException e) {
            Log.warnf("%s: could not release (%s); its lease will expire", task, e.getMessage());
        }
    }

    /** Exponential back-off with full jitter, capped. */
    private Duration backoff(int attempts) {
        long base = config.backoff().toMillis() << Math.min(Math.max(attempts - 1, 0), 16);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        return Duration.ofMillis(capped / 2 + ThreadLocalRandom.current().nextLong(capped / 2 + 1));
    }

    private void heartbeat() {
        long every = Math.max(config.lease().toMillis() / 4, 100);
        while (running) {
            sleep(every);
            // One transaction per task: renewing them together locked rows in another order than a group's ledger
            // write, and PostgreSQL broke the deadlock by aborting one of them.
            for (Task task : context.held()) {
                try {
                    ledger.renew(task, task.lease(), config.lease());
                } catch (RuntimeException e) {
                    Log.warnf("%s: lease renewal failed: %s", task, e.getMessage());
                }
            }
        }
    }

    private void idle() {
        sleep(config.pollInterval().toMillis());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
