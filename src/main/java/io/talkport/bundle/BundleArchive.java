package io.talkport.bundle;

import io.talkport.bundle.BundleRejectedException.Code;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * An opened bundle archive whose central directory passed the archive-level checks (entry names, symlinks, entry
 * count, declared sizes). Entries are read through {@link InflationGuard}, which enforces the size limits again on
 * the bytes actually inflated, since headers can lie.
 */
final class BundleArchive implements AutoCloseable {

    private static final Pattern DRIVE = Pattern.compile("^[A-Za-z]:.*");
    private static final String[] DATA_FILES = {"users", "conversations", "messages"};

    private final ZipFile zip;
    private final BundleLimits limits;
    private final String root;
    private final Map<String, ZipArchiveEntry> files = new HashMap<>();
    private final InflationGuard.Budget budget;

    private BundleArchive(ZipFile zip, BundleLimits limits) {
        this.zip = zip;
        this.limits = limits;
        this.budget = new InflationGuard.Budget(limits.maxUncompressedBytes());
        List<ZipArchiveEntry> entries = Collections.list(zip.getEntries());
        checkEntries(entries);
        this.root = commonRoot(entries);
        for (ZipArchiveEntry entry : entries) {
            if (!entry.isDirectory() && !isJunk(entry.getName())) {
                files.put(entry.getName().substring(root.length()), entry);
            }
        }
    }

    static BundleArchive open(Path path, BundleLimits limits) {
        checkSignature(path);
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(path).setUseUnicodeExtraFields(true).get();
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

    private void checkEntries(List<ZipArchiveEntry> entries) {
        if (entries.size() > limits.maxEntries()) {
            throw new BundleRejectedException(Code.TOO_MANY_ENTRIES, "The archive holds " + entries.size()
                    + " entries; at most " + limits.maxEntries() + " are allowed.");
        }
        long declared = 0;
        for (ZipArchiveEntry entry : entries) {
            String name = entry.getName();
            if (name.startsWith("/") || name.startsWith("\\") || DRIVE.matcher(name).matches()
                    || name.contains("\\") || List.of(name.split("/")).contains("..") || name.indexOf(0) >= 0) {
                throw new BundleRejectedException(Code.ZIP_SLIP, "The archive entry \"" + printable(name)
                        + "\" points outside the archive (absolute path, drive letter or \"..\"). Such archives are "
                        + "refused for safety; create the zip from inside the export folder.");
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

    /** "" when data files sit at the root, "folder/" when every entry sits in one top-level folder. */
    private static String commonRoot(List<ZipArchiveEntry> entries) {
        String root = null;
        for (ZipArchiveEntry entry : entries) {
            String name = entry.getName();
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

    /** Folders and files that desktop zip tools add (macOS resource forks, Finder metadata). */
    private static boolean isJunk(String name) {
        return name.startsWith("__MACOSX/") || name.endsWith(".DS_Store");
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
