package io.talkport.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** An uploaded export bundle and the summary of its staged data. Staged rows are written with JDBC, not here. */
@Entity
@Table(name = "job")
public class Job extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String name;
    @Enumerated(EnumType.STRING)
    public JobStatus status;
    @Column(name = "reject_reason")
    public String rejectReason;
    @Column(name = "archive_path")
    public String archivePath;
    @Column(name = "archive_bytes")
    public long archiveBytes;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    @Column(name = "validated_at")
    public Instant validatedAt;
    @Column(name = "user_count")
    public int userCount;
    @Column(name = "conversation_count")
    public int conversationCount;
    @Column(name = "message_count")
    public int messageCount;
    @Column(name = "attachment_count")
    public int attachmentCount;
    @Column(name = "error_count")
    public int errorCount;
    @Column(name = "warning_count")
    public int warningCount;
    @Column(name = "add_missing_senders")
    public boolean addMissingSenders;
    /** The last choice of "Create placeholder users" on the push form (V18). */
    @Column(name = "add_placeholder_users")
    public boolean addPlaceholderUsers;
    /** When retention deleted the archive and staged rows; the job and its runs stay as history. */
    @Column(name = "purged_at")
    public Instant purgedAt;

    public static List<Job> newestFirst() {
        return listAll(Sort.descending("createdAt", "id"));
    }

    public static List<Job> findInStatus(JobStatus status) {
        return list("status", status);
    }

    public void moveTo(JobStatus next) {
        status = status.moveTo(next);
        updatedAt = Instant.now();
    }
}
