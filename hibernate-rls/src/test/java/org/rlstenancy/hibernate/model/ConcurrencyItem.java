package org.rlstenancy.hibernate.model;

import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row written under concurrency; the database fills the tenant column, the entity only reads it back. */
@Entity
@Table(name = "concurrency_item")
public class ConcurrencyItem {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "tenant_id", insertable = false, updatable = false)
    private UUID tenantId;

    @Column(nullable = false)
    private String label;

    protected ConcurrencyItem() {
    }

    public ConcurrencyItem(String label) {
        this.label = label;
    }

    public Long getId() {
        return id;
    }

    public UUID getTenantId() {
        return tenantId;
    }

    public String getLabel() {
        return label;
    }
}
