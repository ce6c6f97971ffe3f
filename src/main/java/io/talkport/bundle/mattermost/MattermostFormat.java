package io.talkport.bundle.mattermost;

import io.talkport.bundle.format.CarryOver;
import io.talkport.bundle.format.JsonItems;
import io.talkport.bundle.format.RecordSink;
import io.talkport.bundle.format.SourceArchive;
import io.talkport.bundle.format.SourceFormat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * A Mattermost bulk export ({@code mmctl export create} or mmetl): one JSONL file (any {@code .jsonl} or
 * {@code .json} whose first line is {@code {"type":"version",...}}) with lines typed version, team, channel, user,
 * post, direct_channel, direct_post, emoji. The mapping is in {@link MattermostReader}.
 */
public final class MattermostFormat implements SourceFormat {

    @Override
    public String id() {
        return "mattermost";
    }

    @Override
    public String label() {
        return "Mattermost export";
    }

    @Override
    public int detect(SourceArchive archive) throws IOException {
        return exportFile(archive) == null ? 0 : 2;
    }

    @Override
    public void read(SourceArchive archive, RecordSink sink, CarryOver report) throws IOException {
        new MattermostReader(archive, new JsonItems(archive, sink), sink, report).read(exportFile(archive));
    }

    /** The first .jsonl/.json file whose first line is a version line, or null. */
    static String exportFile(SourceArchive archive) throws IOException {
        for (String name : archive.names()) {
            if ((name.endsWith(".jsonl") || name.endsWith(".json")) && firstLineIsVersion(archive, name)) {
                return name;
            }
        }
        return null;
    }

    private static boolean firstLineIsVersion(SourceArchive archive, String name) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(archive.open(name),
                StandardCharsets.UTF_8), 512)) {
            char[] head = new char[200];
            int n = reader.read(head);
            String start = n <= 0 ? "" : new String(head, 0, n).replaceAll("\\s", "");
            return start.startsWith("{\"type\":\"version\"");
        }
    }
}
