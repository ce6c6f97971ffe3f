package io.talkport.api;

import java.time.Instant;
import java.util.Map;

/**
 * One push of a job to one environment, as the JSON API shows it. {@code messagesPerSecond} and {@code etaSeconds}
 * describe the last 30 s; {@code sandbox} tells whether the environment is the local TalkJS sandbox.
 */
public record RunDocument(String environment, String status, Boolean verified, String verification, String error,
                          boolean sandbox, Instant startedAt, Instant finishedAt, double messagesPerSecond,
                          Long etaSeconds, long attachmentBytes, Map<String, KindProgress> progress) {

    public record KindProgress(long total, long done, long failed) {
    }
}
