package org.rlstenancy.benchmarks.model;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * A row the soak writes and reads under RLS. The column default fills the tenant; the field is read back only, to
 * check that every row a read returns belongs to the bound tenant.
 */
@Entity
@Table(name = "soak_item")
public class SoakItem {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "tenant_id", insertable = false, updatable = false)
    private UUID tenantId;

    private String label;

    protected SoakItem() {
    }

    public SoakItem(String label) {
        this.label = label;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getLabel() {
        return label;
    }
}
