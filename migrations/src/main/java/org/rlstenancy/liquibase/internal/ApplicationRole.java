package org.rlstenancy.liquibase.internal;

import java.util.List;

/** The checks of a role that a change grants to: row-level security must bind it. */
public final class ApplicationRole {
    private ApplicationRole() {
    }

    /**
     * Adds a problem when {@code roleName} is a superuser or has BYPASSRLS, or when it does not exist (unless an
     * earlier change this view cannot model may yet create it and {@code strict} is false).
     */
    public static void check(SchemaView view, String roleName, List<String> problems, boolean strict) {
        Catalog.Role role = view.catalog().role(roleName).orElse(null);
        if (role == null) {
            if (strict || !view.incomplete()) {
                problems.add("role " + roleName + " does not exist");
            }
        } else if (role.superuser()) {
            problems.add("role " + roleName + " is a superuser, which row-level security never binds:"
                    + " grant to a NOSUPERUSER NOBYPASSRLS role");
        } else if (role.bypassRls()) {
            problems.add("role " + roleName + " has BYPASSRLS, which skips every policy:"
                    + " grant to a NOSUPERUSER NOBYPASSRLS role");
        }
    }
}
