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

/** Tenant data only when the tenant column is {@code org_id}. */
@Entity
@Table(name = "gen_ticket")
public class GenTicket {
    @Id
    public Long id;
    @Column(name = "org_id")
    public UUID org;
    public String subject;
    @ElementCollection
    @CollectionTable(name = "gen_ticket_tag", joinColumns = @JoinColumn(name = "ticket_id"))
    @Column(name = "tag")
    public Set<String> tags = new HashSet<>();
}
