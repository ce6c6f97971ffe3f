package io.talkport.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.talkport.talkjs.TalkJsEnvironment;
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
import java.util.Optional;

/** One push of one job to one TalkJS environment. Its ledger lives in the delivery_* tables. */
@Entity
@Table(name = "run")
public class Run extends PanacheEntityBase {

    /** Gates which task kinds workers may take. */
    public enum Phase { USERS, CONVERSATIONS, VERIFY, DONE }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "job_id")
    public long jobId;
    @Enumerated(EnumType.STRING)
    public TalkJsEnvironment environment;
    @Enumerated(EnumType.STRING)
    public RunStatus status;
    @Enumerated(EnumType.STRING)
    public Phase phase;
    @Column(name = "add_missing_senders")
    public boolean addMissingSenders;
    /** Participants missing from users are created as placeholder users first (V18). */
    @Column(name = "add_placeholder_users")
    public boolean addPlaceholderUsers;
    public Boolean verified;
    public String verification;
    public String error;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "started_at")
    public Instant startedAt;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
    /** Why planning has not finished yet (a transient TalkJS answer); null once the run has started. */
    @Column(name = "plan_wait_reason")
    public String planWaitReason;
    @Column(name = "plan_wait_since")
    public Instant planWaitSince;

    public static List<Run> ofJob(long jobId) {
        return list("jobId = ?1 order by environment desc", jobId);
    }

    public static Optional<Run> find(long jobId, TalkJsEnvironment environment) {
        return find("jobId = ?1 and environment = ?2", jobId, environment).firstResultOptional();
    }

    public void moveTo(RunStatus next) {
        status = status.moveTo(next);
        updatedAt = Instant.now();
        if (next.isFinal()) {
            finishedAt = updatedAt;
        }
    }

    public String environmentName() {
        return environment.name().toLowerCase(java.util.Locale.ROOT);
    }
}
