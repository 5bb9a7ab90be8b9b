package org.rlstenancy.liquibase.guide;

import jakarta.persistence.Entity;
import jakarta.persistence.ManyToOne;

@Entity
public class Contract extends Document {
    @ManyToOne
    public Customer customer;
}
