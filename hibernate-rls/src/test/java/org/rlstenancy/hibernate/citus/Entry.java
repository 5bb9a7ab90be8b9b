package org.rlstenancy.hibernate.citus;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.TenantId;

/** An entry of a table distributed by tenant, with {@code @TenantId}, so Hibernate's queries name the tenant. */
@Entity
@Table(name = "entry")
public class Entry {
    @Id
    private Long id;

    @TenantId
    @Column(name = "tenant_id")
    private UUID tenantId;

    private String body;

    protected Entry() {
    }

    public Entry(Long id, String body) {
        this.id = id;
        this.body = body;
    }

    public String getBody() {
        return body;
    }
}
