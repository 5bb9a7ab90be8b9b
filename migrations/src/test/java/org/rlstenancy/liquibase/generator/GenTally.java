package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Shared data with a generated id. */
@Entity
@Table(name = "gen_tally")
public class GenTally {
    @Id
    @GeneratedValue
    public Long id;
    public Long total;
}
