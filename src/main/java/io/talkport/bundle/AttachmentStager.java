package io.talkport.bundle;

import org.postgresql.PGConnection;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Writes one staged_attachment row (sha256, size, sniffed content type) per file that a message which can be pushed
 * references: a valid one, or one whose only fault a run can mend (its sender is not a participant, or it waits for
 * placeholder users; see {@code DeliveryLedger.ELIGIBLE_MESSAGE}). Without its row such a message's file could not
 * be uploaded when a run adds missing senders (common in Slack exports, whose members leave channels).
 */
final class AttachmentStager {

    private final Connection connection;
    private final long jobId;
    private final BundleArchive bundle;

    AttachmentStager(Connection connection, long jobId, BundleArchive bundle) {
        this.connection = connection;
        this.jobId = jobId;
        this.bundle = bundle;
    }

    int run() throws SQLException, IOException {
        try (CopySender sender = new CopySender(connection.unwrap(PGConnection.class).getCopyAPI(), jobId)) {
            CopyBuffer rows = new CopyBuffer(sender, "staged_attachment", "job_id, path, sha256, size, content_type");
            List<String> paths = referencedPaths();
            for (String path : paths) {
                Summary file = summarize(path);
                rows.number(jobId).text(path).text(file.sha256()).number(file.size()).text(file.contentType()).endRow();
            }
            rows.flush();
            sender.await();
            return paths.size();
        }
    }

    private List<String> referencedPaths() throws SQLException {
        List<String> paths = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT DISTINCT attachment_path FROM staged_message "
                        + "WHERE job_id = " + jobId + " AND (valid OR needs_placeholders OR sender_not_participant) "
                        + "AND attachment_path IS NOT NULL ORDER BY 1")) {
            while (rs.next()) {
                paths.add(rs.getString(1));
            }
        }
        return paths;
    }

    private record Summary(String sha256, long size, String contentType) {
    }

    private Summary summarize(String path) throws IOException {
        MessageDigest digest = sha256();
        byte[] head = new byte[ContentTypes.HEAD];
        int headLength = 0;
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = bundle.open(path)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                int copy = Math.min(n, head.length - headLength);
                System.arraycopy(buffer, 0, head, headLength, copy);
                headLength += copy;
                digest.update(buffer, 0, n);
                size += n;
            }
        }
        return new Summary(HexFormat.of().formatHex(digest.digest()), size, ContentTypes.detect(head, headLength));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }
}
