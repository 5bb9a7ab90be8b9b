package org.rlstenancy.benchmarks.model;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A row of the RLS table {@code task} (and, in the {@code rls-signed} mode, of {@code task_signed}); no tenant field:
 * the column default fills it, the policy filters it.
 */
@Entity
@Table(name = "task")
public class RlsTask extends TaskRow {
    protected RlsTask() {
    }

    public RlsTask(long projectId, String title, Instant createdAt) {
        super(projectId, title, createdAt);
    }
}
