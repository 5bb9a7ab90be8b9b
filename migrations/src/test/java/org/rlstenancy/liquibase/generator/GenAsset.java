package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

@Entity
@Table(name = "gen_asset")
@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
public class GenAsset {
    @Id
    public Long id;
    @TenantId
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String label;
}
