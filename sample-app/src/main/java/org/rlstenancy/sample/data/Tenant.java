package org.rlstenancy.sample.data;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import java.util.UUID;

/** A tenant; its row is visible only to itself. */
@Entity
public class Tenant {
    @Id
    private UUID id;
    private String name;

    protected Tenant() {
    }

    public UUID getId() {
        return id;
    }

    public String getName() {
        return name;
    }
}
