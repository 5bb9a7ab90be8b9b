package org.rlstenancy.testing.model;

import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A document that is a contract, in a table of its own joined to the document's. */
@Entity
@Table(name = "proof_contract")
public class Contract extends Document {
    String party;
}
