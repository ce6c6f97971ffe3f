package io.talkport.bundle.format;

import io.talkport.bundle.mattermost.MattermostFormat;
import io.talkport.bundle.sendbird.SendbirdFormat;
import io.talkport.bundle.slack.SlackFormat;
import io.talkport.bundle.talkport.TalkportFormat;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * The formats Talkport reads, in the order they are asked. Detection picks the format with the highest
 * {@link SourceFormat#detect} score (earlier wins a tie); when none recognises the archive it is read as a Talkport
 * bundle, whose checks then name the files that are missing.
 */
public final class SourceFormats {

    private static final TalkportFormat TALKPORT = new TalkportFormat();
    private static final List<SourceFormat> ALL = List.of(new SlackFormat(), new SendbirdFormat(),
            new MattermostFormat(), TALKPORT);

    private SourceFormats() {
    }

    public static List<SourceFormat> all() {
        return ALL;
    }

    /** Talkport's own bundle format. */
    public static SourceFormat talkport() {
        return TALKPORT;
    }

    /** The format with this id ("slack", "sendbird", "mattermost", "talkport"), if any. */
    public static Optional<SourceFormat> byId(String id) {
        return ALL.stream().filter(f -> f.id().equalsIgnoreCase(id == null ? "" : id.trim())).findFirst();
    }

    /** "slack, sendbird, mattermost, talkport": for error messages. */
    public static String ids() {
        return String.join(", ", ALL.stream().map(SourceFormat::id).toList());
    }

    /**
     * The format that recognises the archive best; the Talkport bundle when none does. The first format that is
     * certain ({@link SourceFormat#CERTAIN}) wins without asking the rest, as it would win the tie: the Sendbird and
     * Mattermost checks open every .json file, which for a Slack export are its day files (21,000 for a million
     * messages).
     */
    public static SourceFormat detect(SourceArchive archive) throws IOException {
        SourceFormat best = TALKPORT;
        int bestScore = 0;
        for (SourceFormat format : ALL) {
            int score = format.detect(archive);
            if (score > bestScore) {
                best = format;
                bestScore = score;
            }
            if (bestScore >= SourceFormat.CERTAIN) {
                break;
            }
        }
        return best;
    }
}
