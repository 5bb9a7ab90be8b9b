package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Shared reference data: no tenant. */
@Entity
@Table(name = "gen_currency")
public class GenCurrency {
    @Id
    public String code;
    public String name;
}
