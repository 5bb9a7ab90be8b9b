package org.rlstenancy.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.rlstenancy.core.SharedData;

/** A lookup row shared by every tenant: its table has no tenant column and no row-level security. */
@Entity
@Table(name = "specialty")
@SharedData
public class Specialty {
    @Id
    private Long id;

    private String name;

    protected Specialty() {
    }

    public Specialty(Long id, String name) {
        this.id = id;
        this.name = name;
    }

    public Long getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
