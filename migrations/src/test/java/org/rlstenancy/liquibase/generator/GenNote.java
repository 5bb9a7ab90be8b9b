package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** Tenant data by its column alone: no {@code @TenantId}. */
@Entity
@Table(name = "gen_note")
public class GenNote {
    @Id
    public Long id;
    @Column(name = "tenant_id")
    public UUID tenant;
    public String text;
}
