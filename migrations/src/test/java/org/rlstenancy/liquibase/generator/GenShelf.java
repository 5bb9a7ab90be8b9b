package org.rlstenancy.liquibase.generator;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

@Entity
@Table(name = "gen_shelf")
public class GenShelf {
    @Id
    public Long id;
    @TenantId
    @Column(name = "tenant_id")
    public UUID tenantId;
    @ElementCollection
    @CollectionTable(name = "gen_shelf_label", joinColumns = @JoinColumn(name = "shelf_id"))
    @Column(name = "label")
    public Set<String> labels = new HashSet<>();
}
