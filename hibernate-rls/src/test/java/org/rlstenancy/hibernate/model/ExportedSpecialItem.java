package org.rlstenancy.hibernate.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A joined subclass of {@link ExportedItem}: its own table holds the item's rows without a tenant column. */
@Entity
@Table(name = "exported_special_item")
public class ExportedSpecialItem extends ExportedItem {
    String special;
}
