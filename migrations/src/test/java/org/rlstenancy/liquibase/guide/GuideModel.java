package org.rlstenancy.liquibase.guide;

import java.util.List;

/** The {@code @TenantId} model the migration guide test follows: eight entities, one of them shared. */
public final class GuideModel {
    public static final List<Class<?>> ENTITIES = List.of(Country.class, Customer.class, Label.class, Project.class,
            Task.class, Document.class, Invoice.class, Contract.class);

    private GuideModel() {
    }
}
