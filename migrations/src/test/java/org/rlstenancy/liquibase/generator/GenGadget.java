package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

@Entity
@Table(name = "gen_gadget")
public class GenGadget {
    @Id
    public Long id;
    @ManyToOne
    public GenWidget widget;
}
