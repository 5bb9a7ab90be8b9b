package org.rlstenancy.hibernate.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;
import org.hibernate.annotations.Immutable;
import org.hibernate.annotations.View;

/** An entity on a view that schema export creates: not a table, so not one the check looks at. */
@Entity
@Immutable
@Table(name = "exported_summary")
@View(query = "SELECT 1::bigint AS id, NULL::uuid AS tenant_id")
public class ExportedSummary {
    @Id
    Long id;

    @Column(name = "tenant_id")
    UUID tenantId;
}
