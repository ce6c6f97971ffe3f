package io.talkport.api;

import io.talkport.delivery.DeliveryPlanner;

import java.time.Instant;
import java.util.Map;

/**
 * One push of a job to one environment, as the JSON API shows it. {@code messagesPerSecond} and {@code etaSeconds}
 * describe the last 30 s; {@code sandbox} tells whether the environment is the local TalkJS sandbox. {@code plan}:
 * what the run's plan found in TalkJS before sending (null until planned); {@code progress.messages.total} counts the
 * new messages only.
 * {@code lastError} and {@code nextRetryAt} say why an active run is waiting: the latest error of a task given back
 * for a later try (TalkJS unreachable, a long Retry-After...) and when the next waiting task is tried again (null:
 * now); both null when nothing waits on an error or the run is not active.
 */
public record RunDocument(String environment, String status, Boolean verified, String verification, String error,
                          boolean sandbox, Instant startedAt, Instant finishedAt, double messagesPerSecond,
                          Long etaSeconds, long attachmentBytes, Map<String, KindProgress> progress,
                          DeliveryPlanner.Figures plan, String lastError, Instant nextRetryAt) {

    public record KindProgress(long total, long done, long failed) {
    }
}
