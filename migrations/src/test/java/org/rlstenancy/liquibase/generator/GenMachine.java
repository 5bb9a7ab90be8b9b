package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

@Entity
@Table(name = "gen_machine")
public class GenMachine extends GenAsset {
    public Integer power;
}
