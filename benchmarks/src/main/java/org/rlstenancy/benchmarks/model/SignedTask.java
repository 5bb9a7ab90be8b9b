package org.rlstenancy.benchmarks.model;

import java.time.Instant;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/**
 * A row of the RLS table {@code task_signed}, under the signed mode's policy; no tenant field: the column default
 * fills it, the policy filters it.
 */
@Entity
@Table(name = "task_signed")
public class SignedTask extends TaskRow {
    protected SignedTask() {
    }

    public SignedTask(long projectId, String title, Instant createdAt) {
        super(projectId, title, createdAt);
    }
}
