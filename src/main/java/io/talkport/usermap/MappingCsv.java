package io.talkport.usermap;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A user-id mapping CSV: a header {@code sourceId,talkjsId} or {@code email,talkjsId}, then one pair per line (UTF-8,
 * commas, values may be quoted with {@code "}). Problems are collected with their line numbers, not thrown one by one.
 */
record MappingCsv(boolean byEmail, List<Row> rows, List<String> problems) {

    /** One mapping line: the source id or email, the TalkJS id, and the 1-based line in the file. */
    record Row(String key, String talkjsId, int line) {
    }

    static final int MAX_ROWS = 1_000_000;

    static MappingCsv parse(Reader input) throws IOException {
        BufferedReader reader = new BufferedReader(input);
        String header = reader.readLine();
        List<String> problems = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        if (header == null) {
            return new MappingCsv(false, rows, List.of("The file is empty: start it with the header "
                    + "sourceId,talkjsId or email,talkjsId."));
        }
        List<String> columns = split(header.replace("\uFEFF", ""));
        String first = columns.isEmpty() ? "" : columns.get(0).trim().toLowerCase(Locale.ROOT);
        boolean byEmail = first.equals("email");
        if (columns.size() != 2 || !(byEmail || first.equals("sourceid"))
                || !columns.get(1).trim().equalsIgnoreCase("talkjsId")) {
            return new MappingCsv(false, rows, List.of("Line 1: the header must be sourceId,talkjsId or "
                    + "email,talkjsId, not \"" + header + "\"."));
        }
        String line;
        int lineNo = 1;
        while ((line = reader.readLine()) != null && rows.size() < MAX_ROWS) {
            lineNo++;
            if (line.isBlank()) {
                continue;
            }
            List<String> values = split(line);
            if (values.size() != 2 || values.get(0).isBlank() || values.get(1).isBlank()) {
                problems.add("Line " + lineNo + ": expected two non-empty values separated by a comma.");
            } else if (values.get(1).trim().chars().anyMatch(Character::isISOControl)) {
                problems.add("Line " + lineNo + ": the TalkJS id contains a control character.");
            } else {
                rows.add(new Row(values.get(0).trim(), values.get(1).trim(), lineNo));
            }
        }
        return new MappingCsv(byEmail, rows, problems);
    }

    /** Splits one line on commas outside double quotes; "" inside quotes is a quote. */
    private static List<String> split(String line) {
        List<String> values = new ArrayList<>();
        StringBuilder value = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"' && quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                value.append('"');
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                values.add(value.toString());
                value.setLength(0);
            } else {
                value.append(c);
            }
        }
        values.add(value.toString());
        return values;
    }
}
