package io.talkport.delivery;

import jakarta.enterprise.context.ApplicationScoped;

import java.lang.management.ManagementFactory;
import java.util.UUID;

/** This instance's identity as a lease owner, and the fence every TalkJS call passes first. */
@ApplicationScoped
public class DeliveryContext {

    private final String owner = ManagementFactory.getRuntimeMXBean().getName() + "/"
            + UUID.randomUUID().toString().substring(0, 8);
    private final DeliveryLedger ledger;
    private final DeliveryConfig config;

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
}
