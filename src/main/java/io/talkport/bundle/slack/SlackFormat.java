package io.talkport.bundle.slack;

import io.talkport.bundle.format.CarryOver;
import io.talkport.bundle.format.JsonItems;
import io.talkport.bundle.format.RecordSink;
import io.talkport.bundle.format.SourceArchive;
import io.talkport.bundle.format.SourceFormat;

import java.io.IOException;

/**
 * The zip that Slack's workspace export writes: {@code users.json}, {@code channels.json} (public channels),
 * {@code groups.json} (private channels), {@code dms.json}, {@code mpims.json} (group DMs), and one folder per
 * conversation (named after a channel, after the id for DMs) holding one JSON array of messages per day
 * ({@code general/2024-05-01.json}). The mapping is in {@link SlackReader}.
 */
public final class SlackFormat implements SourceFormat {

    static final String[] LISTS = {"channels.json", "groups.json", "mpims.json", "dms.json"};

    @Override
    public String id() {
        return "slack";
    }

    @Override
    public String label() {
        return "Slack export";
    }

    @Override
    public int detect(SourceArchive archive) {
        boolean lists = false;
        for (String list : LISTS) {
            lists |= archive.has(list);
        }
        if (lists && archive.has("users.json")) {
            return 2;
        }
        return lists ? 1 : 0;
    }

    @Override
    public void read(SourceArchive archive, RecordSink sink, CarryOver report) throws IOException {
        new SlackReader(archive, new JsonItems(archive, sink), sink, report).read();
    }
}
