package io.talkport.bundle.talkport;

import io.talkport.bundle.format.CarryOver;
import io.talkport.bundle.format.RecordSink;
import io.talkport.bundle.format.SourceArchive;
import io.talkport.bundle.format.SourceFormat;

/**
 * Talkport's own neutral bundle (docs/bundle-format.md). Its files already hold the neutral records, so staging reads
 * them on its fast path (one parse per line, no intermediate record) and {@link #read} is never called.
 */
public final class TalkportFormat implements SourceFormat {

    @Override
    public String id() {
        return "talkport";
    }

    @Override
    public String label() {
        return "Talkport bundle";
    }

    @Override
    public int detect(SourceArchive archive) {
        if (archive.has("manifest.json") || archive.has("conversations.jsonl") || archive.has("messages.jsonl")) {
            return 2;
        }
        return archive.has("conversations.json") || archive.has("messages.json") ? 1 : 0;
    }

    @Override
    public boolean neutral() {
        return true;
    }

    @Override
    public void read(SourceArchive archive, RecordSink sink, CarryOver report) {
        throw new UnsupportedOperationException("The Talkport bundle is staged from its files directly");
    }
}
