package io.talkport.bundle.format;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The files one source message names, turned into its text and attachment the same way in every format. The first
 * file whose bytes are in the archive becomes the message's {@code "attachment"} (its archive path, as
 * {@link SourceArchive#names()} gives it), uploaded to TalkJS at push like a Talkport bundle's attachments. TalkJS
 * messages carry one attachment, so further files stay links in the text, as do files whose bytes the archive lacks
 * (or holds empty) and files over {@link SourceArchive#maxAttachmentBytes()}, so that no message is lost for its
 * file. Each file is counted in the carry-over report under one of the codes below.
 */
public final class SourceFiles {

    /** Report code: a file imported as the message's attachment (also counted as "attachment" in the summary). */
    public static final String ATTACHED = "FILE_ATTACHED";
    /** Report code: a file whose bytes are not in the archive, kept as a link (or its name) in the text. */
    public static final String NOT_IN_ARCHIVE = "FILE_NOT_IN_ARCHIVE";
    /** Report code: a file whose bytes are in the archive but whose message already has an attachment. */
    public static final String EXTRA_AS_LINK = "FILE_EXTRA_AS_LINK";
    /** Report code: a file larger than the attachment limit, kept as a link. */
    public static final String TOO_LARGE = "FILE_TOO_LARGE";

    private final CarryOver report;
    private final SourceArchive archive;
    private final String example;
    private final StringBuilder text;
    private String attachment;

    /**
     * @param example where the message is, for the report ("general/2024-05-01.json #3")
     * @param text    the message's own text, before any file
     */
    public SourceFiles(CarryOver report, SourceArchive archive, String example, String text) {
        this.report = report;
        this.archive = archive;
        this.example = example;
        this.text = new StringBuilder(text);
    }

    /**
     * One file of the message, in the source's order.
     *
     * @param path the archive path of the file's bytes, or null when the archive lacks them
     * @param name the file's name in the source, for the report
     * @param link the line standing for the file in the text when it is not attached ("[file] a.png: url"), or
     *             null when the text already links it
     */
    public void file(String path, String name, String link) {
        long size = path == null ? -1 : archive.size(path);
        boolean usable = size > 0 && size <= archive.maxAttachmentBytes();
        if (usable && attachment == null) {
            attachment = path;
            report.add(CarryOver.Outcome.IMPORTED, ATTACHED, "Files whose bytes are in the archive were imported as "
                    + "the message's attachment (uploaded to TalkJS at push).", example + " " + path);
            report.contains("attachment", 1);
            return;
        }
        if (size > archive.maxAttachmentBytes()) {
            report.lost(TOO_LARGE, "Files larger than the attachment limit (talkport.bundle.max-attachment-bytes, "
                    + archive.maxAttachmentBytes() + " bytes) stay a link in the message's text.", example + " " + name
                    + " (" + size + " bytes)");
        } else if (usable) {
            report.lost(EXTRA_AS_LINK, "TalkJS messages carry one attachment: the message's first file with bytes "
                    + "is its attachment, its further files stay links in the text.", example + " " + name);
        } else {
            report.lost(NOT_IN_ARCHIVE, "Files whose bytes are not in the archive (or are empty) stay a link in the "
                    + "message's text instead of an attachment.", example + " " + name);
        }
        if (link != null) {
            text.append(text.length() == 0 ? "" : "\n").append(link);
        }
    }

    /**
     * Puts {@code text} and {@code attachment} on the neutral message. A message whose only content is its attached
     * file gets no text, as an attachment-only message of the Talkport bundle (docs/bundle-format.md).
     */
    public void putInto(ObjectNode message) {
        if (attachment == null || text.length() > 0) {
            message.put("text", text.toString());
        }
        Neutral.putIfPresent(message, "attachment", attachment);
    }
}
