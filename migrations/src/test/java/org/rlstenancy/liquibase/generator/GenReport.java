package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "gen_report")
public class GenReport extends GenDocument {
    public Integer pages;
}
