package org.rlstenancy.spring.shared;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A lookup row every tenant shares; not marked itself, its repository is. */
@Entity
public class Color {
    @Id
    private Long id;
    private String name;

    protected Color() {
    }

    public String getName() {
        return name;
    }
}
