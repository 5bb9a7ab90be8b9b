package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.PrimaryKeyJoinColumn;
import jakarta.persistence.Table;

/** A joined subclass of {@link GenLedger}, quoted and mixed-case too. */
@Entity
@Table(name = "\"GenLedgerEntry\"")
@PrimaryKeyJoinColumn(name = "\"EntryId\"")
public class GenLedgerEntry extends GenLedger {
    public Integer amount;
}
