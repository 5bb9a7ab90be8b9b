package org.rlstenancy.benchmarks.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code task_plain} whose tenant the application sets and filters on itself. */
@Entity
@Table(name = "task_plain")
public class ManualTask extends TaskRow {
    @Column(name = "tenant_id", nullable = false, updatable = false)
    private UUID tenantId;

    protected ManualTask() {
    }

    public ManualTask(UUID tenantId, long projectId, String title, Instant createdAt) {
        super(projectId, title, createdAt);
        this.tenantId = tenantId;
    }

    public UUID getTenantId() {
        return tenantId;
    }
}
