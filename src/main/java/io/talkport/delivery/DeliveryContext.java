package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.Task;
import io.talkport.delivery.ledger.LeaseLostException;
import jakarta.enterprise.context.ApplicationScoped;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * This instance's identity, the lease of each claim, the fence every TalkJS call passes first, and the tasks whose
 * leases the heartbeat keeps renewing while a worker holds them.
 */
@ApplicationScoped
public class DeliveryContext {

    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final DeliveryLedger ledger;
    private final DeliveryConfig config;
    private final Set<Task> held = ConcurrentHashMap.newKeySet();
    private final AtomicLong claims = new AtomicLong();

    public DeliveryContext(DeliveryLedger ledger, DeliveryConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    public String owner() {
        return owner;
    }

    /**
     * A lease owner for one claim: this instance's identity and a number of its own. With the instance's identity
     * alone, two workers of one instance could not tell their claims apart (a release or give-back by one ended the
     * other's lease; one's fence passed on the other's): two of them once sent the same batch, ten messages twice in
     * TalkJS (ExactlyOnceIT's faults test, about one run in three; docs/reliability.md, Leases).
     */
    public String newLease() {
        return owner + "#" + claims.incrementAndGet();
    }

    /** Renews our lease or throws {@link LeaseLostException}: call it right before each TalkJS call. */
    public void fence(Task task) {
        if (!ledger.renew(task, task.lease(), config.lease())) {
            throw new LeaseLostException(task);
        }
    }

    /** Puts the task under the heartbeat until {@link #letGo(Task)}. */
    public void hold(Task task) {
        held.add(task);
    }

    public void letGo(Task task) {
        held.remove(task);
    }

    /** The tasks held right now (a live view). */
    public Set<Task> held() {
        return held;
    }
}
