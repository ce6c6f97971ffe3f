package io.talkport.delivery;

import io.talkport.delivery.ledger.DeliveryLedger;
import io.talkport.delivery.ledger.Sql;
import io.talkport.delivery.ledger.Task;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.logging.Log;
import io.talkport.talkjs.TalkJsClient;
import io.talkport.talkjs.TalkJsRejectedException;
import jakarta.enterprise.context.ApplicationScoped;

import io.talkport.bundle.AttachmentFiles;
import io.talkport.bundle.AttachmentUnreadableException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The attachment token a message is imported with. A token given in the bundle passes through. A file from the
 * bundle is uploaded to the run's TalkJS app once per distinct content (sha-256), however many messages use it: the
 * ledger row is locked while the upload runs, so concurrent workers wait for the first upload's token, and a
 * recorded token is never uploaded again after a restart. Tokens belong to one app: each run (environment) has its
 * own rows.
 */
@ApplicationScoped
public class AttachmentTokens {

    /** What staging recorded about a file. */
    record StagedFile(String path, String sha256, long size, String contentType, String archive) {
    }

    private final DataSource dataSource;
    private final TalkJsClient client;
    private final DeliveryContext context;
    private final MeterRegistry metrics;
    private final AttachmentFiles files;

    public AttachmentTokens(DataSource dataSource, TalkJsClient client, DeliveryContext context,
                            MeterRegistry metrics, AttachmentFiles files) {
        this.files = files;
        this.dataSource = dataSource;
        this.client = client;
        this.context = context;
        this.metrics = metrics;
    }

    public String tokenFor(Task task, StagedMessage message) {
        if (message.attachmentPath() == null) {
            return message.attachmentToken();
        }
        StagedFile file = stagedFile(task.jobId(), message.attachmentPath());
        Sql.inTransaction(dataSource, connection -> Sql.update(connection, """
                INSERT INTO delivery_attachment (run_id, sha256, size) VALUES (?, ?, ?)
                ON CONFLICT (run_id, sha256) DO NOTHING
                """, task.runId(), file.sha256(), file.size()));
        return Sql.inTransaction(dataSource, connection -> uploadOnce(connection, task, file));
    }

    private String uploadOnce(Connection connection, Task task, StagedFile file) throws java.sql.SQLException {
        try (PreparedStatement statement = Sql.prepare(connection, """
                SELECT state, token, error FROM delivery_attachment WHERE run_id = ? AND sha256 = ? FOR UPDATE
                """, task.runId(), file.sha256());
             ResultSet rows = statement.executeQuery()) {
            rows.next();
            if ("DONE".equals(rows.getString(1))) {
                return rows.getString(2);
            }
        }
        context.fence(task);
        Path local = null;
        try {
            local = localCopy(file);
            String token = client.uploadFile(task.environment(), fileName(file.path()), subtype(file.contentType()),
                    file.contentType(), local);
            Sql.update(connection, """
                    UPDATE delivery_attachment SET state = 'DONE', token = ?, error = NULL, updated_at = now()
                    WHERE run_id = ? AND sha256 = ?
                    """, token, task.runId(), file.sha256());
            metrics.counter("talkport.delivery.attachment_bytes", "environment", task.environment().name())
                    .increment(file.size());
            Log.debugf("job %d run %d: uploaded %s (%d bytes)", task.jobId(), task.runId(), file.sha256(), file.size());
            return token;
        } catch (TalkJsRejectedException | AttachmentUnreadableException e) {
            Sql.update(connection, """
                    UPDATE delivery_attachment SET state = 'FAILED', error = ?, updated_at = now()
                    WHERE run_id = ? AND sha256 = ?
                    """, DeliveryLedger.truncate(e.getMessage()), task.runId(), file.sha256());
            connection.commit();
            throw e;
        } finally {
            deleteQuietly(local);
        }
    }

    /**
     * The file's bytes in a temporary file, read through the same archive reader that validated the bundle and
     * checked against the staged size and sha-256. A local read fault thus fails here, as an
     * {@link AttachmentUnreadableException}, and never reaches TalkJS as an I/O error of the upload (which was
     * retried forever and opened the circuit breaker); retried uploads re-read the temporary file.
     */
    private Path localCopy(StagedFile file) {
        Path local;
        try {
            local = Files.createTempFile("talkport-attachment-", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary file for an attachment upload", e);
        }
        try {
            files.copy(Path.of(file.archive()), file.path(), file.sha256(), file.size(), local);
            return local;
        } catch (RuntimeException e) {
            deleteQuietly(local);
            throw e;
        }
    }

    private static void deleteQuietly(Path path) {
        if (path != null) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                Log.debugf("could not delete %s: %s", path, e.getMessage());
            }
        }
    }

    private StagedFile stagedFile(long jobId, String path) {
        return Sql.inTransaction(dataSource, connection -> {
            try (PreparedStatement statement = Sql.prepare(connection, """
                    SELECT a.sha256, a.size, a.content_type, j.archive_path FROM staged_attachment a
                    JOIN job j ON j.id = a.job_id WHERE a.job_id = ? AND a.path = ?
                    """, jobId, path);
                 ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new IllegalStateException("attachment " + path + " is not staged");
                }
                return new StagedFile(path, rows.getString(1), rows.getLong(2), rows.getString(3), rows.getString(4));
            }
        });
    }

    static String fileName(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The subtype TalkJS expects for media; null for a generic file. */
    static String subtype(String contentType) {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (type.startsWith("image/")) {
            return "image";
        }
        if (type.startsWith("video/")) {
            return "video";
        }
        if (type.startsWith("audio/")) {
            return "audio";
        }
        return null;
    }
}
