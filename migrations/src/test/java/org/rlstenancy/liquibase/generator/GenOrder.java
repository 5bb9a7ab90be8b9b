package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.OneToMany;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

@Entity
@Table(name = "gen_order")
public class GenOrder {
    @Id
    public Long id;
    @TenantId
    @Column(name = "tenant_id")
    public UUID tenantId;
    @OneToMany
    @JoinColumn(name = "order_id")
    public List<GenOrderLine> lines = new ArrayList<>();
    @OneToMany
    @JoinTable(name = "gen_order_attachment")
    public List<GenAttachment> attachments = new ArrayList<>();
}
