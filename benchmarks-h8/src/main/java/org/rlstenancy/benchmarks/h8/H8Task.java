package org.rlstenancy.benchmarks.h8;

import java.time.Instant;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import org.hibernate.annotations.TenantId;
import org.rlstenancy.benchmarks.data.H8Schema;
import org.rlstenancy.benchmarks.model.TaskRow;

/**
 * A row of {@value H8Schema#TABLE}: the columns every task mapping shares, and the tenant as Hibernate 8 wants it, a
 * {@code @TenantId} attribute, which Hibernate fills on insert, filters on in queries and, with
 * {@code hibernate.multi_tenant.rls_enabled}, sets as {@code hibernate.tenant_id} for the policy.
 */
@Entity
@Table(name = H8Schema.TABLE)
public class H8Task extends TaskRow {
    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;

    protected H8Task() {
    }

    public H8Task(long projectId, String title, Instant createdAt) {
        super(projectId, title, createdAt);
    }

    public UUID getTenantId() {
        return tenantId;
    }
}
