package io.talkport.audit;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One line of the audit trail: who did what, to which job and environment. */
@Entity
@Table(name = "audit_event")
public class AuditEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public Instant at;
    public String username;
    public String action;
    @Column(name = "job_id")
    public Long jobId;
    public String environment;
    public String detail;

    /** One page (1-based) of the trail, newest first. */
    public static List<AuditEvent> newestFirst(int page, int size) {
        return findAll(Sort.descending("id")).page(Page.of(page - 1, size)).list();
    }

    public static List<AuditEvent> ofJob(long jobId) {
        return list("jobId", Sort.descending("id"), jobId);
    }
}
