package org.rlstenancy.liquibase.guide;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** Shared reference data: no tenant. */
@Entity
public class Country {
    @Id
    public String code;
    public String name;
}
