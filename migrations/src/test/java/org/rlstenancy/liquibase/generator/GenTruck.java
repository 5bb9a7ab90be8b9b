package org.rlstenancy.liquibase.generator;

import jakarta.persistence.Entity;

@Entity
public class GenTruck extends GenVehicle {
    public Integer axles;
}
