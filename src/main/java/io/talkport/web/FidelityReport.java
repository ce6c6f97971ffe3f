package io.talkport.web;

import io.talkport.job.IssueCounts;
import io.talkport.job.IssueSummary;
import io.talkport.job.Job;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The job page's fidelity report: what will arrive in TalkJS differently from the export, and why, summed from the
 * job's issues before the push. Items excluded by errors are one line; each kind of change a warning records (a
 * repair, a replacement, something TalkJS cannot hold) is one line with its count. Used as {@code inject:fidelity}
 * by {@code templates/JobPages/fidelity.html}.
 */
@Named("fidelity")
@ApplicationScoped
public class FidelityReport {

    /** One difference: how many issues of {@code code}, and what it means for what arrives. */
    public record Line(String code, long count, String meaning) {
        /** The meaning in the singular when the count is 1 ("1 message deleted in the source is not imported"). */
        public String sentence() {
            return count == 1 ? SINGULAR.getOrDefault(code, meaning) : meaning;
        }
    }

    /** The sentences of {@link #CHANGES} (and the error line) for a count of one. */
    private static final Map<String, String> SINGULAR = Map.ofEntries(
            Map.entry("error", "item has errors and is not imported (see the issues below)"),
            Map.entry("DELETED_MESSAGE", "message deleted in the source is not imported"),
            Map.entry("CHARACTERS_REPLACED", "value holds NUL or unpaired surrogates, shown as U+FFFD (\uFFFD)"),
            Map.entry("CUSTOM_STRINGIFIED", "custom value that was not a string arrives as its JSON text"),
            Map.entry("REACTIONS_DROPPED", "message has reactions that cannot be read and are not re-added (the "
                    + "others are re-added after the import, at the time of the import: TalkJS keeps no reaction time)"),
            Map.entry("EXTRA_NOT_CARRIED", "reply, thread or edit field not carried (custom already had the key)"),
            Map.entry("PLACEHOLDER_USER", "participant is missing from users: their conversations are not imported, "
                    + "unless you push with \"Create placeholder users\" (then they are created, named after their id)"),
            Map.entry("UNKNOWN_READER", "reader who is not a user is left out of readBy"),
            Map.entry("READER_NOT_PARTICIPANT", "reader who is not a participant is left out of readBy"),
            Map.entry("DUPLICATE_MESSAGE", "message repeats an earlier one; TalkJS will show both"),
            Map.entry("ATTACHMENT_TOKEN", "message carries a TalkJS file token that works only in the app that issued it"),
            Map.entry("IGNORED_ENTRY", "file in the archive is not part of the bundle and is not imported"),
            Map.entry("UNDECODABLE_ENTRY_NAME", "archive entry name could not be decoded"),
            Map.entry("BACKSLASH_ENTRY_NAMES", "archive used \\ in names; read with / instead"));

    /** Warning codes that change what arrives, with the sentence the report shows. */
    private static final Map<String, String> CHANGES = new LinkedHashMap<>();

    static {
        CHANGES.put("DELETED_MESSAGE", "messages deleted in the source are not imported");
        CHANGES.put("CHARACTERS_REPLACED", "values hold NUL or unpaired surrogates, shown as U+FFFD (\uFFFD)");
        CHANGES.put("CUSTOM_STRINGIFIED", "custom values that were not strings arrive as their JSON text");
        CHANGES.put("REACTIONS_DROPPED", "messages have reactions that cannot be read and are not re-added (the "
                + "others are re-added after the import, at the time of the import: TalkJS keeps no reaction time)");
        CHANGES.put("EXTRA_NOT_CARRIED", "reply, thread or edit fields not carried (custom already had the key)");
        CHANGES.put("PLACEHOLDER_USER", "participants are missing from users: their conversations are not imported, "
                + "unless you push with \"Create placeholder users\" (then they are created, named after their id)");
        CHANGES.put("UNKNOWN_READER", "readers who are not users are left out of readBy");
        CHANGES.put("READER_NOT_PARTICIPANT", "readers who are not participants are left out of readBy");
        CHANGES.put("DUPLICATE_MESSAGE", "messages repeat an earlier one; TalkJS will show both");
        CHANGES.put("ATTACHMENT_TOKEN", "messages carry a TalkJS file token that works only in the app that issued it");
        CHANGES.put("IGNORED_ENTRY", "files in the archive are not part of the bundle and are not imported");
        CHANGES.put("UNDECODABLE_ENTRY_NAME", "archive entry names could not be decoded");
        CHANGES.put("BACKSLASH_ENTRY_NAMES", "archives used \\ in names; read with / instead");
    }

    private final IssueCounts issueCounts;

    public FidelityReport(IssueCounts issueCounts) {
        this.issueCounts = issueCounts;
    }

    /** Users missing from the export that "Create placeholder users" would create (PLACEHOLDER_USER warnings). */
    public long placeholderUsers(Job job) {
        return issueCounts.of(job).count("warning", "PLACEHOLDER_USER");
    }

    /** The report's lines, largest effect first: excluded items, then each kind of change; empty when faithful. */
    public List<Line> of(Job job) {
        IssueSummary summary = issueCounts.of(job);
        List<Line> lines = new ArrayList<>();
        long errors = summary.count("error", null);
        if (errors > 0) {
            lines.add(new Line("error", errors, "items have errors and are not imported (see the issues below)"));
        }
        CHANGES.forEach((code, meaning) -> {
            long count = summary.count("warning", code);
            if (count > 0) {
                lines.add(new Line(code, count, meaning));
            }
        });
        return lines;
    }
}
