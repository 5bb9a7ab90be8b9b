package org.rlstenancy.core.internal;

import java.util.List;

/**
 * The SQL that gives a test or a benchmark a database of its own: an owner role, an application role that is no
 * superuser, cannot bypass row-level security and inherits nothing, a database the owner owns with only the
 * application role allowed to connect, and its public schema handed to the owner. Names and passwords are the
 * caller's generated ones, never user input.
 */
public final class IsolatedDatabaseSql {
    private IsolatedDatabaseSql() {
    }

    /** Run as a superuser on any database of the server. */
    public static List<String> create(String name, String ownerRole, String ownerPassword, String appRole,
            String appPassword) {
        return List.of("CREATE ROLE " + ownerRole + " LOGIN PASSWORD '" + ownerPassword
                        + "' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
                "CREATE ROLE " + appRole + " LOGIN PASSWORD '" + appPassword
                        + "' NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE",
                "CREATE DATABASE " + name + " OWNER " + ownerRole,
                "REVOKE ALL ON DATABASE " + name + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + name + " TO " + appRole);
    }

    /** Run as a superuser in the new database, after {@link #create}. */
    public static List<String> schema(String ownerRole, String appRole) {
        return List.of("ALTER SCHEMA public OWNER TO " + ownerRole,
                "REVOKE ALL ON SCHEMA public FROM PUBLIC",
                "GRANT USAGE ON SCHEMA public TO " + appRole);
    }

    /** Run as a superuser on another database of the server: removes what {@link #create} made. */
    public static List<String> drop(String name, String ownerRole, String appRole) {
        return List.of("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
                "DROP ROLE IF EXISTS " + appRole,
                "DROP ROLE IF EXISTS " + ownerRole);
    }
}
