package io.talkport.bundle.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The carry-over report of one import: what the source held ("4 channels, 2 DMs"), and per kind of change what was
 * changed on the way (markup, times, reactions re-added at the time of the import) or could not be carried over
 * (system events, reactions by non-participants, files without bytes), with counts and up to {@value #EXAMPLES}
 * examples each. Stored as JSON with the job ({@code job_source.report}).
 */
public final class CarryOver {

    /** Examples kept per entry. */
    public static final int EXAMPLES = 3;

    /** What happened to the things an entry counts. */
    public enum Outcome { IMPORTED, CHANGED, LOST }

    /** One line of the report: {@code count} things of one kind, with a few examples ("random/2017-06-25.json #3"). */
    public record Entry(Outcome outcome, String code, String description, long count, List<String> examples) {
    }

    private final Map<String, Long> contents = new LinkedHashMap<>();
    private final Map<String, MutableEntry> entries = new LinkedHashMap<>();

    private static final class MutableEntry {
        final Outcome outcome;
        final String description;
        final List<String> examples = new ArrayList<>();
        long count;

        MutableEntry(Outcome outcome, String description) {
            this.outcome = outcome;
            this.description = description;
        }
    }

    /** Counts one thing the source holds, for the summary line ("channel" becomes "4 channels"). */
    public void contains(String noun, long n) {
        contents.merge(noun, n, Long::sum);
    }

    /** Counts one occurrence of {@code code}; the first {@value #EXAMPLES} examples are kept. */
    public void add(Outcome outcome, String code, String description, String example) {
        MutableEntry entry = entries.computeIfAbsent(code, c -> new MutableEntry(outcome, description));
        entry.count++;
        if (example != null && entry.examples.size() < EXAMPLES) {
            entry.examples.add(example.length() > 200 ? example.substring(0, 200) + "…" : example);
        }
    }

    /** Counts {@code n} occurrences of {@code code} at once (n = 0 adds nothing), with their first examples. */
    public void add(Outcome outcome, String code, String description, long n, List<String> examples) {
        if (n <= 0) {
            return;
        }
        MutableEntry entry = entries.computeIfAbsent(code, c -> new MutableEntry(outcome, description));
        entry.count += n;
        for (String example : examples) {
            if (entry.examples.size() < EXAMPLES) {
                entry.examples.add(example.length() > 200 ? example.substring(0, 200) + "…" : example);
            }
        }
    }

    public void changed(String code, String description, String example) {
        add(Outcome.CHANGED, code, description, example);
    }

    public void lost(String code, String description, String example) {
        add(Outcome.LOST, code, description, example);
    }

    public long count(String code) {
        MutableEntry entry = entries.get(code);
        return entry == null ? 0 : entry.count;
    }

    /** "Slack export, 4 channels, 2 DMs": the label and every non-zero count, pluralised with an "s". */
    public String summary(String label) {
        StringBuilder summary = new StringBuilder(label);
        contents.forEach((noun, n) -> {
            if (n > 0) {
                summary.append(", ").append(n).append(' ').append(n == 1 || noun.endsWith("s") ? noun : noun + "s");
            }
        });
        return summary.toString();
    }

    public List<Entry> entries() {
        List<Entry> list = new ArrayList<>();
        entries.forEach((code, e) -> list.add(new Entry(e.outcome, code, e.description, e.count, List.copyOf(e.examples))));
        return list;
    }

    /** {@code {"contents": {"channel": 4}, "entries": [{"outcome","code","description","count","examples"}]}}. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        ObjectNode counts = root.putObject("contents");
        contents.forEach(counts::put);
        ArrayNode list = root.putArray("entries");
        for (Entry e : entries()) {
            ObjectNode row = list.addObject();
            row.put("outcome", e.outcome().name()).put("code", e.code()).put("description", e.description())
                    .put("count", e.count());
            e.examples().forEach(row.putArray("examples")::add);
        }
        return root;
    }

    /** Reads what {@link #toJson} wrote. */
    public static List<Entry> entriesOf(JsonNode report) {
        List<Entry> list = new ArrayList<>();
        for (JsonNode row : report.path("entries")) {
            List<String> examples = new ArrayList<>();
            row.path("examples").forEach(x -> examples.add(x.asText()));
            list.add(new Entry(Outcome.valueOf(row.path("outcome").asText()), row.path("code").asText(),
                    row.path("description").asText(), row.path("count").asLong(), examples));
        }
        return list;
    }
}
