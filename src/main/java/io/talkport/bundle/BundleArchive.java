package io.talkport.bundle;

import io.talkport.bundle.BundleRejectedException.Code;
import io.talkport.bundle.archive.EntryNames;
import org.apache.commons.compress.archivers.zip.UnicodePathExtraField;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipExtraField;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An opened bundle archive whose central directory passed the archive-level checks (entry names, symlinks, entry
 * count, declared sizes, duplicate names). Entry names are decoded once ({@link EntryNames}); the bundle's root is
 * the shallowest folder holding {@code users.jsonl} (or {@code users.json}), and files outside it are ignored with
 * a warning ({@link #notes()}). Entries are read through {@link InflationGuard}, which enforces the size limits
 * again on the bytes actually inflated, since headers can lie. The push reads attachments through this same class
 * ({@link AttachmentFiles}), so both see the same names.
 */
final class BundleArchive implements AutoCloseable {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final String[] DATA_FILES = {"users", "conversations", "messages"};
    /** Ignored entries listed one by one in the notes; the rest are counted. */
    private static final int IGNORED_LISTED = 20;

    private final ZipFile zip;
    private final BundleLimits limits;
    private final String root;
    private final Map<String, ZipArchiveEntry> files = new HashMap<>();
    private final List<Issue> notes = new ArrayList<>();
    private final InflationGuard.Budget budget;

    private BundleArchive(ZipFile zip, BundleLimits limits) {
        this.zip = zip;
        this.limits = limits;
        this.budget = new InflationGuard.Budget(limits.maxUncompressedBytes());
        List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
        checkCount(entries);
        Map<ZipArchiveEntry, String> names = decodeNames(entries);
        checkEntries(names);
        this.root = root(names.values());
        List<String> ignored = new ArrayList<>();
        names.forEach((entry, name) -> {
            if (name.endsWith("/") || isJunk(name)) {
                return;
            }
            if (name.startsWith(root)) {
                String relative = name.substring(root.length());
                files.put(relative, entry);
                if (!isBundleFile(relative)) {
                    ignored.add(name);
                }
            } else {
                ignored.add(name);
            }
        });
        noteIgnored(ignored);
    }

    static BundleArchive open(Path path, BundleLimits limits) {
        checkSignature(path);
        ZipFile zip;
        try {
            // Names are decoded from their raw bytes by EntryNames; CP437 here only keeps the library's own
            // getName() from guessing differently.
            zip = ZipFile.builder().setPath(path).setCharset("IBM437").setUseUnicodeExtraFields(false).get();
        } catch (IOException | RuntimeException e) {
            throw new BundleRejectedException(Code.TRUNCATED_ZIP, "The archive is truncated or corrupt (its table of "
                    + "contents cannot be read). Upload it again, or create it again with a zip tool.", e);
        }
        try {
            return new BundleArchive(zip, limits);
        } catch (RuntimeException e) {
            closeQuietly(zip);
            throw e;
        }
    }

    private static void checkSignature(Path path) {
        byte[] head = new byte[4];
        try (SeekableByteChannel channel = Files.newByteChannel(path)) {
            int n = channel.read(java.nio.ByteBuffer.wrap(head));
            if (n < 4 || head[0] != 'P' || head[1] != 'K') {
                throw new BundleRejectedException(Code.NOT_A_ZIP, "The file is not a .zip archive. Export the bundle "
                        + "as a .zip holding users.jsonl, conversations.jsonl and messages.jsonl.");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void checkCount(List<ZipArchiveEntry> entries) {
        if (entries.size() > limits.maxEntries()) {
            throw new BundleRejectedException(Code.TOO_MANY_ENTRIES, "The archive holds " + entries.size()
                    + " entries; at most " + limits.maxEntries() + " are allowed.");
        }
    }

    /** Every entry's name, decoded once, in central-directory order; notes backslashes and undecodable names. */
    private Map<ZipArchiveEntry, String> decodeNames(List<ZipArchiveEntry> entries) {
        Map<ZipArchiveEntry, String> names = new LinkedHashMap<>();
        int backslashed = 0;
        String firstBackslashed = null;
        for (ZipArchiveEntry entry : entries) {
            ZipExtraField field = entry.getExtraField(UnicodePathExtraField.UPATH_ID);
            EntryNames.Decoded decoded = EntryNames.decode(entry.getRawName(),
                    entry.getGeneralPurposeBit().usesUTF8ForNames(),
                    field == null ? null : field.getLocalFileDataData());
            names.put(entry, decoded.name());
            if (decoded.backslashes()) {
                backslashed++;
                firstBackslashed = firstBackslashed == null ? decoded.name() : firstBackslashed;
            }
            if (decoded.undecodable()) {
                notes.add(new Issue(Severity.WARNING, "UNDECODABLE_ENTRY_NAME", printable(decoded.name()), null, null,
                        null, "This entry's name is marked as UTF-8 but is not valid UTF-8; the bytes that cannot be "
                        + "read show as \uFFFD, so a message naming this file will not find it. Create the zip again "
                        + "with a tool that stores UTF-8 names (7-Zip, Info-ZIP zip 3, macOS or Windows 11)."));
            }
        }
        if (backslashed > 0) {
            notes.add(new Issue(Severity.WARNING, "BACKSLASH_ENTRY_NAMES", printable(firstBackslashed), null, null, null,
                    backslashed + " entry name(s) use \\ as the folder separator (written by some Windows tools); "
                    + "they were read with / instead, e.g. \"" + printable(firstBackslashed) + "\". Nothing to fix "
                    + "unless a file name itself contains a backslash."));
        }
        return names;
    }

    private void checkEntries(Map<ZipArchiveEntry, String> names) {
        long declared = 0;
        Set<String> seen = new HashSet<>();
        for (Map.Entry<ZipArchiveEntry, String> named : names.entrySet()) {
            ZipArchiveEntry entry = named.getKey();
            String name = named.getValue();
            if (name.startsWith("/") || DRIVE.matcher(name).matches() || List.of(name.split("/")).contains("..")
                    || name.indexOf(0) >= 0) {
                throw new BundleRejectedException(Code.ZIP_SLIP, "The archive entry \"" + printable(name)
                        + "\" points outside the archive (absolute path, drive letter or \"..\"). Such archives are "
                        + "refused for safety; create the zip from inside the export folder.");
            }
            if (!name.endsWith("/") && !seen.add(name)) {
                throw new BundleRejectedException(Code.DUPLICATE_ENTRY, "The archive holds two entries named \""
                        + printable(name) + "\"; which one is meant cannot be known. Create the zip again so that "
                        + "each file is in it once.");
            }
            if (entry.isUnixSymlink()) {
                throw new BundleRejectedException(Code.SYMLINK_ENTRY, "The archive entry \"" + printable(name)
                        + "\" is a symbolic link; bundles must hold plain files only.");
            }
            if (!zip.canReadEntryData(entry)) {
                throw new BundleRejectedException(Code.UNSUPPORTED_ZIP, "The archive entry \"" + printable(name)
                        + "\" is encrypted or uses an unsupported compression method; use plain deflate.");
            }
            long size = Math.max(0, entry.getSize());
            declared += size;
            InflationGuard.checkRatio(name, size, entry.getCompressedSize(), limits.maxCompressionRatio());
        }
        if (declared > limits.maxUncompressedBytes()) {
            throw InflationGuard.bomb("The archive would unpack to " + declared + " bytes; at most "
                    + limits.maxUncompressedBytes() + " are allowed.");
        }
    }

    /**
     * The bundle's root: "" or "folder/" (any depth), the shallowest folder holding users.jsonl or users.json. Two
     * such folders at the same depth are refused. Without any, the one top-level folder every file shares (so that
     * "missing users.jsonl" names it), else "".
     */
    private static String root(Collection<String> names) {
        String best = null;
        String tie = null;
        for (String name : names) {
            if (isJunk(name) || !(name.endsWith("/users.jsonl") || name.endsWith("/users.json")
                    || name.equals("users.jsonl") || name.equals("users.json"))) {
                continue;
            }
            String folder = name.substring(0, name.lastIndexOf('/') + 1);
            if (best == null || depth(folder) < depth(best)) {
                best = folder;
                tie = null;
            } else if (depth(folder) == depth(best) && !folder.equals(best)) {
                tie = folder;
            }
        }
        if (tie != null) {
            throw new BundleRejectedException(Code.DUPLICATE_FILE, "The archive holds more than one bundle: both \""
                    + printable(best) + "\" and \"" + printable(tie) + "\" have a users file. Upload one bundle per "
                    + "archive.");
        }
        return best != null ? best : commonRoot(names);
    }

    private static int depth(String folder) {
        return (int) folder.chars().filter(c -> c == '/').count();
    }

    private static String commonRoot(Collection<String> names) {
        String root = null;
        for (String name : names) {
            if (isJunk(name)) {
                continue;
            }
            int slash = name.indexOf('/');
            String top = slash < 0 ? "" : name.substring(0, slash + 1);
            if (slash < 0 || (root != null && !root.equals(top))) {
                return "";
            }
            root = top;
        }
        return root == null || root.equals("attachments/") ? "" : root;
    }

    /** A file the bundle format reads: a data file, the manifest, or a file under attachments/. */
    private static boolean isBundleFile(String relative) {
        return relative.startsWith("attachments/") || relative.equals("manifest.json")
                || List.of(DATA_FILES).stream().anyMatch(kind -> relative.equals(kind + ".jsonl")
                        || relative.equals(kind + ".json"));
    }

    private void noteIgnored(List<String> ignored) {
        String folder = root.isEmpty() ? "the archive's root" : "the folder \"" + printable(root) + "\"";
        for (int i = 0; i < Math.min(ignored.size(), IGNORED_LISTED); i++) {
            notes.add(new Issue(Severity.WARNING, "IGNORED_ENTRY", printable(ignored.get(i)), null, null, null,
                    "This file is not imported: the bundle is read from " + folder + " (where users.jsonl is), and "
                    + "only users, conversations and messages files, manifest.json and files under attachments/ "
                    + "belong to it. Move the file under attachments/ if a message needs it."));
        }
        if (ignored.size() > IGNORED_LISTED) {
            notes.add(new Issue(Severity.WARNING, "IGNORED_ENTRY", null, null, null, null, (ignored.size()
                    - IGNORED_LISTED) + " more files that are not part of the bundle are not imported."));
        }
    }

    /** Folders and files that desktop zip tools add (macOS resource forks, Finder and Explorer metadata). */
    private static boolean isJunk(String name) {
        String base = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || base.equals(".DS_Store") || base.equals("Thumbs.db")
                || base.equals("desktop.ini");
    }

    /** Archive-level warnings (backslash names, undecodable names, ignored files), as issues to store. */
    List<Issue> notes() {
        return notes;
    }

    /** The data file for users, conversations or messages: its bundle-relative name (x.jsonl or x.json). */
    String dataFile(String kind) {
        boolean lines = files.containsKey(kind + ".jsonl");
        boolean array = files.containsKey(kind + ".json");
        if (lines && array) {
            throw new BundleRejectedException(Code.DUPLICATE_FILE, "The archive holds both " + kind + ".jsonl and "
                    + kind + ".json; keep only one of them.");
        }
        if (!lines && !array) {
            throw new BundleRejectedException(Code.MISSING_FILE, "The archive has no " + kind + ".jsonl (or "
                    + kind + ".json)" + (root.isEmpty() ? "" : " in its folder " + root) + ". A bundle needs "
                    + "users.jsonl, conversations.jsonl and messages.jsonl.");
        }
        return lines ? kind + ".jsonl" : kind + ".json";
    }

    /** Fails fast when a data file is missing or the manifest is not ours, before anything is staged. */
    List<String> dataFiles() {
        ManifestCheck.check(this);
        List<String> names = new ArrayList<>();
        for (String kind : DATA_FILES) {
            names.add(dataFile(kind));
        }
        return names;
    }

    boolean has(String name) {
        return files.containsKey(name);
    }

    /** Declared sizes of all files (not folders, not desktop junk), by bundle-relative path. */
    Map<String, Long> fileSizes() {
        Map<String, Long> sizes = new HashMap<>();
        files.forEach((name, entry) -> sizes.put(name, Math.max(0, entry.getSize())));
        return sizes;
    }

    /** Declared sizes of all files under attachments/, by bundle-relative path. */
    Map<String, Long> attachmentSizes() {
        Map<String, Long> sizes = new HashMap<>();
        files.forEach((name, entry) -> {
            if (name.startsWith("attachments/")) {
                sizes.put(name, Math.max(0, entry.getSize()));
            }
        });
        return sizes;
    }

    /** Opens a file by bundle-relative name; reads are guarded against inflation beyond the limits. */
    InputStream open(String name) {
        ZipArchiveEntry entry = files.get(name);
        try {
            return new InflationGuard(zip.getInputStream(entry), name, entry.getSize(), entry.getCompressedSize(),
                    limits.maxCompressionRatio(), budget, entry.getCrc());
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    /** Like {@link #open(String)}, with a size budget of its own: for the push, which reads files one at a time. */
    InputStream openAlone(String name) {
        ZipArchiveEntry entry = files.get(name);
        if (entry == null) {
            throw new BundleRejectedException(Code.MISSING_FILE, "The archive has no file \"" + printable(name)
                    + "\".");
        }
        try {
            return new InflationGuard(zip.getInputStream(entry), name, entry.getSize(), entry.getCompressedSize(),
                    limits.maxCompressionRatio(), new InflationGuard.Budget(limits.maxUncompressedBytes()),
                    entry.getCrc());
        } catch (IOException e) {
            throw unreadable(name, e);
        }
    }

    static BundleRejectedException unreadable(String name, IOException e) {
        return new BundleRejectedException(Code.TRUNCATED_ZIP, "The archive entry \"" + printable(name)
                + "\" cannot be read: the archive is truncated or corrupt. Upload it again.", e);
    }

    private static String printable(String name) {
        String clean = name.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean;
    }

    private static void closeQuietly(ZipFile zip) {
        try {
            zip.close();
        } catch (IOException ignored) {
            // nothing was read
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
