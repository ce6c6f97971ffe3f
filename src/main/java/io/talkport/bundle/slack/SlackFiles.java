package io.talkport.bundle.slack;

import io.talkport.bundle.format.SourceArchive;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the bytes of Slack files are in an export made by a tool that downloads them (Slack's own export holds
 * none). Two layouts (docs/source-formats.md, "File bytes"):
 * <ul>
 *   <li>{@code __uploads/<file id>/<file name>}: grundleborg/slack-advanced-exporter {@code fetch-attachments}, and
 *       rusq/slackdump's default "mattermost" export type ({@code fileproc.MattermostFilepath});</li>
 *   <li>{@code <conversation folder>/attachments/<file id>-<file name>}: slackdump's "standard" type
 *       ({@code fileproc.StdFilepath}; the folder as for day files: the channel name, the id for DMs).</li>
 * </ul>
 * Files are found by their id alone (file ids are unique in a workspace; the name may have been sanitised by the
 * tool). Only names are kept, one entry per such file; staging and the push read the bytes by path from the archive.
 */
final class SlackFiles {

    /** slackdump's "mattermost" layout folder. */
    static final String UPLOADS = "__uploads";

    /** Slack file ids: "F" and upper-case letters or digits ("F8VSW87RR"). */
    private static final Pattern STANDARD = Pattern.compile("[^/]+/attachments/(F[A-Z0-9]+)-[^/]+");
    private static final Pattern UPLOADED = Pattern.compile(UPLOADS + "/(F[A-Z0-9]+)/[^/]+");

    private final SourceArchive archive;
    private final Map<String, List<String>> pathsById = new HashMap<>();

    SlackFiles(SourceArchive archive) {
        this.archive = archive;
        for (String name : archive.names()) {
            String id = fileId(name);
            if (id != null) {
                pathsById.computeIfAbsent(id, k -> new ArrayList<>(1)).add(name);
            }
        }
    }

    /** The Slack file id that an archive path holds the bytes of, or null when the path is in neither layout. */
    static String fileId(String name) {
        if (!name.contains("/attachments/") && !name.startsWith(UPLOADS + "/")) {
            return null; // day files and lists, the bulk of the names: no pattern to run
        }
        Matcher standard = STANDARD.matcher(name);
        if (standard.matches()) {
            return standard.group(1);
        }
        Matcher uploaded = UPLOADED.matcher(name);
        return uploaded.matches() ? uploaded.group(1) : null;
    }

    /**
     * The archive path of a non-empty copy of the file's bytes, preferring the copy in the message's own
     * conversation folder (a file shared in two channels is downloaded into each), or null when there is none.
     */
    String path(String fileId, String conversationFolder) {
        String found = null;
        for (String path : pathsById.getOrDefault(fileId, List.of())) {
            if (archive.size(path) <= 0) {
                continue;
            }
            if (path.startsWith(conversationFolder + "/")) {
                return path;
            }
            found = found == null ? path : found;
        }
        return found;
    }
}
