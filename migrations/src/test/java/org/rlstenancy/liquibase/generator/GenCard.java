package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

@Entity
@Table(name = "gen_card")
public class GenCard {
    @Id
    public Long id;
    @TenantId
    @Column(name = "tenant_id")
    public UUID tenantId;
    @ManyToOne
    public GenBoard board;
}
