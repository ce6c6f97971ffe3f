package io.talkport.api;

import java.util.Map;

/** One push of a job to one environment, as the JSON API shows it. */
public record RunDocument(String environment, String status, Boolean verified, String error,
                          Map<String, KindProgress> progress) {

    public record KindProgress(long total, long done, long failed) {
    }
}
