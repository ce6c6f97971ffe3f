package io.talkport.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's identity as a lease owner, the fence every TalkJS call passes first, and the tasks whose leases the
 * heartbeat keeps renewing while a worker holds them.
 */
@ApplicationScoped
public class DeliveryContext {

    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final DeliveryLedger ledger;
    private final DeliveryConfig config;
    private final Set<Task> held = ConcurrentHashMap.newKeySet();

    public DeliveryContext(DeliveryLedger ledger, DeliveryConfig config) {
        this.ledger = ledger;
        this.config = config;
    }

    public String owner() {
        return owner;
    }

    /** Renews our lease or throws {@link LeaseLostException}: call it right before each TalkJS call. */
    public void fence(Task task) {
        if (!ledger.renew(task, owner, config.lease())) {
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
