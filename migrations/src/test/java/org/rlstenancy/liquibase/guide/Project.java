package org.rlstenancy.liquibase.guide;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.ManyToOne;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

@Entity
public class Project {
    @Id
    @GeneratedValue
    public Long id;
    @TenantId
    @Column(name = "tenant_id")
    public UUID tenantId;
    public String name;
    @ManyToOne
    public Customer customer;
    @ManyToMany
    @JoinTable(name = "project_label")
    public Set<Label> labels = new HashSet<>();
}
