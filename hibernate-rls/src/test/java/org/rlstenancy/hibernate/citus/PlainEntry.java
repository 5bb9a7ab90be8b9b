package org.rlstenancy.hibernate.citus;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/** The same table as {@link Entry}, with the tenant column as a plain field: Hibernate's reads do not name it. */
@Entity
@Table(name = "entry")
public class PlainEntry {
    @Id
    private Long id;

    @Column(name = "tenant_id", insertable = false, updatable = false)
    private UUID tenantId;

    private String body;

    protected PlainEntry() {
    }

    public String getBody() {
        return body;
    }
}
