package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

/** A joined root whose table and columns have quoted, mixed-case names. */
@Entity
@Table(name = "\"GenLedger\"")
@Inheritance(strategy = InheritanceType.JOINED)
public class GenLedger {
    @Id
    @Column(name = "\"LedgerId\"")
    public Long id;
    @TenantId
    @Column(name = "\"TenantId\"")
    public UUID tenantId;
}
