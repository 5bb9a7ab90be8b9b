package org.rlstenancy.spring.shared;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.rlstenancy.core.SharedData;

/** A lookup row every tenant shares: no tenant column, no row-level security. */
@Entity
@SharedData
public class Specialty {
    @Id
    private Long id;
    private String name;

    protected Specialty() {
    }

    public String getName() {
        return name;
    }
}
