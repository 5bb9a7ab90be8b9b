package org.rlstenancy.hibernate.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A row of a table whose tenant column is text; the tenant is read-only here, filled by the column default. */
@Entity
@Table(name = "bootstrap_label")
public class BootstrapLabel {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "tenant_id", insertable = false, updatable = false)
    private String tenantId;

    private String name;

    protected BootstrapLabel() {
    }

    public BootstrapLabel(String name) {
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getTenantId() {
        return tenantId;
    }

    public String getName() {
        return name;
    }
}
