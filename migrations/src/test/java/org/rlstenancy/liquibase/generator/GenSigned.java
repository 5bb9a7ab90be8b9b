package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

/** Tenant data for the signed mode's changelog. */
@Entity
@Table(name = "gen_signed")
public class GenSigned {
    @Id
    public Long id;
    @TenantId
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String body;
}
