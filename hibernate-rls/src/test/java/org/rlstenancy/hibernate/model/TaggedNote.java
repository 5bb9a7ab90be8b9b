package org.rlstenancy.hibernate.model;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;

/** A note with tags in a collection table of their own; no tenant field. */
@Entity
@Table(name = "tagged_note")
public class TaggedNote {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @ElementCollection
    @CollectionTable(name = "tagged_note_tag", joinColumns = @JoinColumn(name = "note_id"))
    private Set<String> tags = new HashSet<>();

    protected TaggedNote() {
    }

    public Set<String> getTags() {
        return tags;
    }
}
