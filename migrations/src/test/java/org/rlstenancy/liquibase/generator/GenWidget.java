package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "gen_widget")
public class GenWidget {
    @Id
    public Long id;
    public String name;
}
