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
    }

    /** Warning codes that change what arrives, with the sentence the report shows. */
    private static final Map<String, String> CHANGES = new LinkedHashMap<>();

    static {
        CHANGES.put("DELETED_MESSAGE", "messages deleted in the source are not imported");
        CHANGES.put("CHARACTERS_REPLACED", "values hold NUL or unpaired surrogates, shown as U+FFFD (\uFFFD)");
        CHANGES.put("CUSTOM_STRINGIFIED", "custom values that were not strings arrive as their JSON text");
        CHANGES.put("REACTIONS_DROPPED", "messages lose their reactions (TalkJS cannot import them)");
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
