package io.talkport.bundle;

import io.agroal.api.AgroalDataSource;
import io.quarkus.logging.Log;
import io.talkport.talkjs.TalkJsConfig;
import io.talkport.bundle.format.JobSources;
import io.talkport.bundle.format.SourceFormat;
import io.talkport.bundle.format.SourceFormats;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Validates an uploaded bundle in full and stages it for a job: staged_* rows (valid or not) and job_issue rows.
 * All of one staging happens in one database transaction, so a crash leaves nothing half-staged; archive-level
 * problems throw {@link BundleRejectedException} and leave no rows for the job. A job's messages go to a table of
 * their own ({@link StagedMessageTable}).
 */
@ApplicationScoped
public class BundleStager {

    /** Tables with rows of a job besides its staged_message table (see {@link StagedMessageTable}). */
    private static final String[] JOB_TABLES = {"job_issue", "staged_reaction", "staged_attachment",
        "staged_participant", "staged_conversation", "staged_user"};

    private final AgroalDataSource dataSource;
    private final BundleLimits limits;

    private final int maxParticipants;

    public BundleStager(AgroalDataSource dataSource, BundleConfig config, TalkJsConfig talkJs) {
        this.dataSource = dataSource;
        this.limits = BundleLimits.from(config);
        this.maxParticipants = talkJs.maxParticipants();
    }

    /**
     * Validates the archive in full and writes, for {@code jobId}, staged rows and issue rows, replacing any left
     * by an earlier attempt. Runs outside any caller transaction (it manages its own on a dedicated connection).
     *
     * @return the valid counts and the number of errors and warnings
     * @throws BundleRejectedException when the archive as a whole cannot be used; then no rows remain for the job
     */
    @Transactional(Transactional.TxType.NOT_SUPPORTED)
    public StagingResult stage(long jobId, Path archive) {
        return stage(jobId, archive, limits);
    }

    /** As {@link #stage(long, Path)} with explicit limits (tests use small ones). */
    StagingResult stage(long jobId, Path archive, BundleLimits limits) {
        StagedMessageTable.dropLeftovers(dataSource);
        try (BundleArchive bundle = BundleArchive.open(archive, limits)) {
            SourceFormat format = chooseFormat(jobId, bundle);
            if (format.neutral()) {
                bundle.dataFiles();
            }
            // Before and outside the staging transaction: dropping an earlier message table locks staged_message.
            clear(jobId);
            StagingResult result = inTransaction(jobId, bundle, format, limits);
            Log.infof("Job %d: staged %s", jobId, result);
            return result;
        } catch (BundleRejectedException e) {
            Log.infof("Job %d: bundle rejected, %s: %s", jobId, e.code(), e.getMessage());
            clear(jobId);
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException("Job " + jobId + ": cannot read the bundle " + archive, e);
        }
    }

    /** The format the uploader asked for, else the one that recognises the archive (see {@link SourceFormats}). */
    private SourceFormat chooseFormat(long jobId, BundleArchive bundle) throws IOException {
        String requested = JobSources.requestedFormat(dataSource, jobId);
        // The upload checked the name, so an unknown one can only come from an older server: detect instead.
        SourceFormat format = requested == null ? null : SourceFormats.byId(requested).orElse(null);
        ArchiveFiles files = new ArchiveFiles(bundle);
        if (format == null) {
            format = SourceFormats.detect(files);
        } else if (!format.neutral() && format.detect(files) == 0) {
            // Read as a format whose files it does not hold, the archive would stage as an empty job that is READY.
            SourceFormat detected = SourceFormats.detect(files);
            throw new BundleRejectedException(BundleRejectedException.Code.WRONG_FORMAT, "This archive was to be read "
                    + "as a " + format.label() + " (chosen on upload), but it holds none of that format's files"
                    + (detected == format || detected.detect(files) == 0 ? ""
                            : "; it looks like a " + detected.label()) + ". Upload it again with the export format "
                    + "\"Detect from the archive\" (or the right one).");
        }
        Log.infof("Job %d: reading the archive as %s%s", jobId, format.label(),
                requested == null ? " (detected)" : " (chosen on upload)");
        return format;
    }

    private StagingResult inTransaction(long jobId, BundleArchive bundle, SourceFormat format, BundleLimits limits) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                StagedMessageTable.create(connection, jobId);
                StagingResult result = new StagingRun(connection, jobId, bundle, format, limits, maxParticipants)
                        .run();
                connection.commit();
                return result;
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(true); // the pool hands this connection out again
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Job " + jobId + ": staging failed", e);
        }
    }

    /** Removes rows an earlier attempt left (it committed, then the server stopped before the job was READY). */
    private void clear(long jobId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            deleteRows(connection, jobId);
            StagedMessageTable.dropEarlier(connection, jobId);
        } catch (SQLException e) {
            throw new IllegalStateException("Job " + jobId + ": cannot remove staged rows", e);
        }
    }

    private static void deleteRows(Connection connection, long jobId) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String table : JOB_TABLES) {
                statement.executeUpdate("DELETE FROM " + table + " WHERE job_id = " + jobId);
            }
        }
    }
}
