package io.talkport.web;

import io.quarkus.qute.TemplateExtension;
import io.talkport.job.Job;
import io.talkport.job.JobStatus;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Display logic for the templates, kept out of them. */
@TemplateExtension
public class ViewExtensions {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    static String badgeClass(Job job) {
        return switch (job.status) {
            case READY -> "ok";
            case REJECTED -> "err";
            default -> "info";
        };
    }

    /** Where the job page's delete form posts. */
    static String deletePath(Job job) {
        return "/jobs/" + job.id + "/delete";
    }

    static boolean isBusy(Job job) {
        return job.status == JobStatus.RECEIVED || job.status == JobStatus.VALIDATING;
    }

    static String humanized(int count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    static String humanized(long count) {
        return String.format(Locale.ROOT, "%,d", count);
    }

    /** "1 warning", "2 warnings". */
    static String plural(int count, String noun) {
        return Plural.of(count, noun);
    }

    static String plural(long count, String noun) {
        return Plural.of(count, noun);
    }

    /** "users" → "user", "conversations" → "conversation": the ledger's kinds as one item. */
    static String singular(String kind) {
        return kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind;
    }

    static String bytes(long bytes) {
        double value = bytes;
        String[] units = {"B", "KB", "MB", "GB", "TB"};
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? bytes + " B" : String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    static String display(Instant instant) {
        return instant == null ? "—" : TIME.format(instant);
    }

}
