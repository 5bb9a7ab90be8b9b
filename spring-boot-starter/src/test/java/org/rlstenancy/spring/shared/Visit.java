package org.rlstenancy.spring.shared;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;

/** A tenant's visit; no tenant field, the database fills and filters the tenant column. */
@Entity
public class Visit {
    @Id
    private Long id;
    @Column(name = "specialty_id")
    private Long specialtyId;
    private String note;

    protected Visit() {
    }

    public String getNote() {
        return note;
    }
}
