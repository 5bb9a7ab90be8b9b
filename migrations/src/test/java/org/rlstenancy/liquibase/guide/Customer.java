package org.rlstenancy.liquibase.guide;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

@Entity
public class Customer {
    @Id
    @GeneratedValue
    public Long id;
    @TenantId
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String name;
    @ManyToOne
    public Country country;
    @ElementCollection
    @CollectionTable(name = "customer_tag", joinColumns = @JoinColumn(name = "customer_id"))
    @Column(name = "tag")
    public Set<String> tags = new HashSet<>();
}
