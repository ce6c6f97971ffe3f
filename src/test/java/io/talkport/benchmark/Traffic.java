package io.talkport.benchmark;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * What one sandbox app has received up to a moment: messages stored, calls on the general budget, import calls,
 * calls of the batch endpoint (a budget of its own), 429s.
 */
record Traffic(long nanos, long messages, long calls, long imports, long batchCalls, long rejected) {

    static Traffic now(BenchHttp sandbox, String appId) {
        long nanos = System.nanoTime();
        JsonNode state = sandbox.get("/sandbox/control/" + appId + "/state");
        JsonNode counters = sandbox.get("/sandbox/control/" + appId + "/journal?limit=1").get("counters");
        long imports = 0;
        long batchCalls = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = counters.get("callsByRouteAndStatus").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().startsWith("IMPORT ")) {
                imports += entry.getValue().asLong();
            } else if (entry.getKey().startsWith("BATCH ")) {
                batchCalls += entry.getValue().asLong();
            }
        }
        return new Traffic(nanos, state.get("messages").asLong(), counters.get("total").asLong() - batchCalls, imports,
                batchCalls, counters.get("rateLimited").asLong() + counters.get("injected429").asLong());
    }

    /** Samples again once {@code window} has passed since {@code start}. */
    static Traffic after(BenchHttp sandbox, String appId, Traffic start, Duration window) throws InterruptedException {
        long remaining = start.nanos + window.toNanos() - System.nanoTime();
        if (remaining > 0) {
            Thread.sleep(remaining / 1_000_000);
        }
        return now(sandbox, appId);
    }

    /** Waits for the first stored message, then {@code warmUp} more. */
    static Traffic awaitMessages(BenchHttp sandbox, String appId, Duration warmUp) throws InterruptedException {
        while (now(sandbox, appId).messages == 0) {
            Thread.sleep(200);
        }
        Thread.sleep(warmUp.toMillis());
        return now(sandbox, appId);
    }

    static Traffic awaitAllMessages(BenchHttp sandbox, String appId, long count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        while (System.nanoTime() < deadline) {
            Traffic current = now(sandbox, appId);
            if (current.messages >= count) {
                return current;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("not all " + count + " messages arrived within 30 minutes");
    }

    double seconds(Traffic start) {
        return (nanos - start.nanos) / 1e9;
    }

    double messagesPerSecond(Traffic start) {
        return (messages - start.messages) / seconds(start);
    }

    double callsPerSecond(Traffic start) {
        return (calls - start.calls) / seconds(start);
    }

    double importShare(Traffic start) {
        return calls == start.calls ? 0 : (imports - start.imports) / (double) (calls - start.calls);
    }

    String describe(Traffic start) {
        return String.format("%,d messages in %.1f s = %,.1f messages/s; %,d calls = %,.2f calls/s (%.0f%% imports), "
                        + "%d answered 429; besides, %,d batch calls (%.2f/s) creating conversations",
                messages - start.messages, seconds(start), messagesPerSecond(start), calls - start.calls,
                callsPerSecond(start), 100 * importShare(start), rejected - start.rejected, batchCalls - start.batchCalls,
                (batchCalls - start.batchCalls) / seconds(start));
    }
}
