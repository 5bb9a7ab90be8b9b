package org.rlstenancy.testing.model;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Inheritance;
import jakarta.persistence.InheritanceType;
import jakarta.persistence.SecondaryTable;
import jakarta.persistence.Table;

/** A document with its text in a secondary table, and the joined subclass {@link Contract}; no tenant field. */
@Entity
@Table(name = "proof_document")
@Inheritance(strategy = InheritanceType.JOINED)
@SecondaryTable(name = "proof_document_text")
public class Document {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    Long id;
    String title;
    @Column(table = "proof_document_text")
    String body;
}
