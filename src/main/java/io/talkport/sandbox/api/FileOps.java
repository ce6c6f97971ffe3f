package io.talkport.sandbox.api;

import io.talkport.sandbox.SandboxApp;
import io.talkport.sandbox.SandboxConfig;
import io.talkport.sandbox.SandboxException;
import io.talkport.sandbox.SandboxFile;
import io.talkport.sandbox.SandboxIds;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Set;

/**
 * File uploads: kept (database, then memory) under an unguessable token scoped to the uploading app. One file may have
 * {@code talkjs.sandbox.max-file-size} bytes (400 {@code FILE_TOO_LARGE}, as TalkJS's 25 MB limit), all files of an
 * app together {@code talkjs.sandbox.file-quota} bytes (413 {@code FILE_QUOTA_EXCEEDED}).
 */
@ApplicationScoped
class FileOps {

    private static final Set<String> SUBTYPES = Set.of("image", "video", "audio", "voice");

    private final SandboxConfig config;

    FileOps(SandboxConfig config) {
        this.config = config;
    }

    /** The multipart fields of {@code POST /files}. */
    record Upload(FileUpload file, String filename, String subtype, String width, String height, String duration) {
    }

    SandboxFile store(SandboxApp app, Upload upload) {
        FileUpload file = upload.file();
        if (file == null || file.uploadedFile() == null) {
            throw SandboxException.badRequest("MISSING_FILE", "The multipart part 'file' is required");
        }
        if (file.size() > config.maxFileSize().asLongValue()) {
            throw SandboxException.badRequest("FILE_TOO_LARGE",
                    "Files can be at most " + config.maxFileSize().asLongValue() + " bytes");
        }
        if (upload.subtype() != null && !SUBTYPES.contains(upload.subtype())) {
            throw SandboxException.badRequest("INVALID_SUBTYPE", "subtype must be image, video, audio or voice");
        }
        long quota = config.fileQuota().asLongValue();
        String filename = firstNonBlank(upload.filename(), file.fileName(), "file");
        String contentType = firstNonBlank(file.contentType(), "application/octet-stream", null);
        SandboxFile stored = new SandboxFile(app.id(), SandboxIds.fileToken(), filename, contentType,
                upload.subtype(), integer(upload.width(), "width"), integer(upload.height(), "height"),
                number(upload.duration()), read(file));
        synchronized (app.files()) {
            long held = app.files().values().stream().mapToLong(SandboxFile::size).sum();
            if (held + stored.size() > quota) {
                throw new SandboxException(413, "FILE_QUOTA_EXCEEDED", java.util.List.of("This sandbox app holds "
                        + held + " bytes of files; this file (" + stored.size() + " bytes) would pass its quota of "
                        + quota + " bytes (talkjs.sandbox.file-quota). Reset the app's data or raise the quota."));
            }
            app.store().saveFile(stored);
            app.files().put(stored.token(), stored);
        }
        return stored;
    }

    private static byte[] read(FileUpload file) {
        try {
            return Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Integer integer(String raw, String field) {
        if (raw == null) {
            return null;
        }
        try {
            return Integer.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw SandboxException.badRequest("INVALID_FILE_FIELD", field + " must be an integer");
        }
    }

    private static Double number(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Double.valueOf(raw.trim());
        } catch (NumberFormatException e) {
            throw SandboxException.badRequest("INVALID_FILE_FIELD", "duration must be a number");
        }
    }

    private static String firstNonBlank(String a, String b, String c) {
        if (a != null && !a.isBlank()) {
            return a;
        }
        return b != null && !b.isBlank() ? b : c;
    }
}
