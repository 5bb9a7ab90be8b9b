package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

@Entity
@Inheritance(strategy = InheritanceType.TABLE_PER_CLASS)
public abstract class GenAccount {
    @Id
    @GeneratedValue
    public Long id;
    @TenantId
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String owner;
}
