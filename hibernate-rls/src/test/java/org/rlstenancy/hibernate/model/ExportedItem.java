package org.rlstenancy.hibernate.model;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/**
 * An item whose tables schema export creates: the item table with the tenant column, and, without it, a secondary
 * table, a collection table and the table of the joined subclass {@link ExportedSpecialItem}.
 */
@Entity
@Table(name = "exported_item")
@Inheritance(strategy = InheritanceType.JOINED)
@SecondaryTable(name = "exported_item_detail")
public class ExportedItem {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;

    @Column(name = "tenant_id")
    UUID tenantId;

    @Column(table = "exported_item_detail")
    String detail;

    @ElementCollection
    @CollectionTable(name = "exported_item_tag", joinColumns = @JoinColumn(name = "item_id"))
    Set<String> tags = new HashSet<>();
}
