package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;

@Entity
public class GenCar extends GenVehicle {
    public Integer doors;
}
