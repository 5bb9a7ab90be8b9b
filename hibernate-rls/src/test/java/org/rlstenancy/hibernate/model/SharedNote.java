package org.rlstenancy.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import org.rlstenancy.core.SharedData;

/** Wrongly marked shared: it maps the note table, which has the tenant column. */
@Entity
@Table(name = "note")
@SharedData
public class SharedNote {
    @Id
    private Long id;

    private String body;

    protected SharedNote() {
    }

    public String getBody() {
        return body;
    }
}
