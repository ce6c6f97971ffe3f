package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.Task;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsRejectedException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upserts one batch of up to 100 users. The batch call is all-or-nothing, so when TalkJS refuses it the batch is
 * split in halves until the refused users are isolated: one bad user never sinks its neighbours. Upserts are
 * idempotent, so a retry after an unknown outcome is safe.
 */
@ApplicationScoped
public class UserBatchDelivery {

    private final DeliveryLedger ledger;
    private final TalkJsClient client;
    private final ObjectMapper mapper;
    private final DeliveryContext context;
    private final MeterRegistry metrics;

    public UserBatchDelivery(DeliveryLedger ledger, TalkJsClient client, ObjectMapper mapper, DeliveryContext context,
                             MeterRegistry metrics) {
        this.ledger = ledger;
        this.client = client;
        this.mapper = mapper;
        this.context = context;
        this.metrics = metrics;
    }

    public void deliver(Task task) {
        Map<String, ObjectNode> users = parse(ledger.usersOfBatch(task.jobId(), task.ref()));
        List<String> refused = new ArrayList<>();
        upsert(task, users, refused);
        List<String> delivered = new ArrayList<>(users.keySet());
        delivered.removeAll(refused);
        ledger.finishUsers(task, delivered, refused.size());
        if (!refused.isEmpty()) {
            Log.infof("job %d run %d: %d of %d users refused by TalkJS in batch %s", task.jobId(), task.runId(),
                    refused.size(), users.size(), task.ref());
        }
    }

    private void upsert(Task task, Map<String, ObjectNode> users, List<String> refused) {
        context.fence(task);
        try {
            client.upsertUsers(task.environment(), users);
            metrics.counter("talkport.delivery.users", "environment", task.environment().name()).increment(users.size());
        } catch (TalkJsRejectedException e) {
            if (users.size() == 1) {
                String id = users.keySet().iterator().next();
                refused.add(id);
                ledger.recordFailure(task.runId(), "users", id, e.getMessage());
                metrics.counter("talkport.delivery.failures", "kind", "users").increment();
                return;
            }
            List<String> ids = new ArrayList<>(users.keySet());
            int half = ids.size() / 2;
            upsert(task, slice(users, ids.subList(0, half)), refused);
            upsert(task, slice(users, ids.subList(half, ids.size())), refused);
        }
    }

    private static Map<String, ObjectNode> slice(Map<String, ObjectNode> users, List<String> ids) {
        Map<String, ObjectNode> part = new LinkedHashMap<>();
        ids.forEach(id -> part.put(id, users.get(id)));
        return part;
    }

    private Map<String, ObjectNode> parse(Map<String, String> payloads) {
        Map<String, ObjectNode> users = new LinkedHashMap<>();
        payloads.forEach((id, json) -> {
            try {
                users.put(id, (ObjectNode) mapper.readTree(json));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        });
        return users;
    }
}
