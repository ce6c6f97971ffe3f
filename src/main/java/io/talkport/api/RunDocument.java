package io.talkport.api;

import io.talkport.delivery.DeliveryPlanner;

import java.time.Instant;
import java.util.Map;

/**
 * One push of a job to one environment, as the JSON API shows it. {@code messagesPerSecond} and {@code etaSeconds}
 * describe the last 30 s; {@code sandbox} tells whether the environment is the local TalkJS sandbox. {@code plan}:
 * what the run's plan found in TalkJS before sending (null until planned); {@code progress.messages.total} counts the
 * new messages only.
 */
public record RunDocument(String environment, String status, Boolean verified, String verification, String error,
                          boolean sandbox, Instant startedAt, Instant finishedAt, double messagesPerSecond,
                          Long etaSeconds, long attachmentBytes, Map<String, KindProgress> progress,
                          DeliveryPlanner.Figures plan) {

    public record KindProgress(long total, long done, long failed) {
    }
}
