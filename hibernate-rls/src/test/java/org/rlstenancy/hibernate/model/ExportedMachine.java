package org.rlstenancy.hibernate.model;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

/** A table-per-class entity, whose whole rows are in its own table, with a collection table without tenant column. */
@Entity
@Table(name = "exported_machine")
public class ExportedMachine extends ExportedAsset {
    @ElementCollection
    @CollectionTable(name = "exported_machine_part", joinColumns = @JoinColumn(name = "machine_id"))
    Set<String> parts = new HashSet<>();
}
