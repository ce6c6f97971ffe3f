package io.talkport.bundle.format;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * The source format of jobs for the upload (the {@code format} parameter), the job page ({@code inject:jobSources})
 * and the API: which format was asked for and read, the summary line and the carry-over report.
 */
@ApplicationScoped
@Named("jobSources")
public class JobSourceService {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What is known of a job's source. {@code format} and {@code summary} are null until staging ends.
     *
     * @param entries the carry-over report, in the order found
     */
    public record JobSource(String requestedFormat, String format, String summary, List<CarryOver.Entry> entries) {

        /** What was carried over in a form of its own (files imported as attachments). */
        public List<CarryOver.Entry> imported() {
            return entries.stream().filter(e -> e.outcome() == CarryOver.Outcome.IMPORTED).toList();
        }

        public List<CarryOver.Entry> changed() {
            return entries.stream().filter(e -> e.outcome() == CarryOver.Outcome.CHANGED).toList();
        }

        public List<CarryOver.Entry> lost() {
            return entries.stream().filter(e -> e.outcome() == CarryOver.Outcome.LOST).toList();
        }
    }

    private final AgroalDataSource dataSource;

    public JobSourceService(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The ids a user may choose: "slack", "sendbird", "mattermost", "talkport". */
    public List<SourceFormat> formats() {
        return SourceFormats.all();
    }

    /**
     * The format id for an upload parameter: null when blank (detect), else the known id.
     *
     * @throws IllegalArgumentException naming the known ids when {@code requested} is none of them
     */
    public String checkRequested(String requested) {
        if (requested == null || requested.isBlank() || requested.equalsIgnoreCase("auto")) {
            return null;
        }
        return SourceFormats.byId(requested).map(SourceFormat::id).orElseThrow(() -> new IllegalArgumentException(
                "Unknown format \"" + requested + "\": use one of " + SourceFormats.ids()
                        + ", or leave it out to detect the format."));
    }

    /** Records the format asked for on upload, before validation starts (null = detect). */
    public void request(long jobId, String formatId) {
        if (formatId != null) {
            JobSources.request(dataSource, jobId, formatId);
        }
    }

    /** The job's source, or empty when the job was staged before formats existed (or not yet asked). */
    public Optional<JobSource> find(long jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT requested_format, format, summary, report FROM job_source WHERE job_id = ?")) {
            statement.setLong(1, jobId);
            try (ResultSet rs = statement.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                String report = rs.getString(4);
                List<CarryOver.Entry> entries = report == null ? List.of() : CarryOver.entriesOf(JSON.readTree(report));
                return Optional.of(new JobSource(rs.getString(1), rs.getString(2), rs.getString(3), entries));
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Job " + jobId + ": cannot read its source", e);
        }
    }

    /** For the page: the source or null. */
    public JobSource of(long jobId) {
        return find(jobId).orElse(null);
    }
}
