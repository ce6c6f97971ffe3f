package io.talkport.job;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One problem found in a bundle. Rows are written in bulk by the stager; this entity only reads them. */
@Entity
@Table(name = "job_issue")
public class JobIssue extends PanacheEntityBase {

    @Id
    public Long id;
    @Column(name = "job_id")
    public long jobId;
    public String severity;
    public String code;
    public String file;
    public Integer line;
    public String field;
    @Column(name = "item_id")
    public String itemId;
    public String message;
}
