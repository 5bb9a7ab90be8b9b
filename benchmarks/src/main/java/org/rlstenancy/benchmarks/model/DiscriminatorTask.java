package org.rlstenancy.benchmarks.model;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.hibernate.annotations.TenantId;

/** A row of {@code task_plain} whose tenant Hibernate fills and filters on ({@code @TenantId}). */
@Entity
@Table(name = "task_plain")
public class DiscriminatorTask extends TaskRow {
    @TenantId
    @Column(name = "tenant_id", nullable = false)
    private UUID tenantId;

    protected DiscriminatorTask() {
    }

    public DiscriminatorTask(long projectId, String title, Instant createdAt) {
        super(projectId, title, createdAt);
    }

    public UUID getTenantId() {
        return tenantId;
    }
}
