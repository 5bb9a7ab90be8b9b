package org.rlstenancy.core.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Gives a test or a benchmark a database of its own: an owner role, an application role that is no superuser,
 * cannot bypass row-level security and inherits nothing, a database the owner owns with only the application role
 * allowed to connect, and its public schema handed to the owner; and, when asked, a cross-tenant role that bypasses
 * row-level security. Names and passwords are the caller's generated ones, never user input.
 */
public final class IsolatedDatabaseSql {
    private IsolatedDatabaseSql() {
    }

    /** Opens superuser connections to the named database of one server. */
    @FunctionalInterface
    public interface Superuser {
        Connection connect(String database) throws SQLException;
    }

    /**
     * Creates the roles and database {@code name} through {@code serverDatabase}, another database of the server,
     * then hands its public schema to the owner.
     */
    public static void create(Superuser superuser, String serverDatabase, String name, String ownerRole,
            String ownerPassword, String appRole, String appPassword) throws SQLException {
        execute(superuser, serverDatabase, List.of(
                "CREATE ROLE " + ownerRole + " LOGIN PASSWORD '" + ownerPassword
                        + "' NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE",
                "CREATE ROLE " + appRole + " LOGIN PASSWORD '" + appPassword
                        + "' NOSUPERUSER NOBYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE",
                "CREATE DATABASE " + name + " OWNER " + ownerRole,
                "REVOKE ALL ON DATABASE " + name + " FROM PUBLIC",
                "GRANT CONNECT ON DATABASE " + name + " TO " + appRole));
        execute(superuser, name, List.of(
                "ALTER SCHEMA public OWNER TO " + ownerRole,
                "REVOKE ALL ON SCHEMA public FROM PUBLIC",
                "GRANT USAGE ON SCHEMA public TO " + appRole));
    }

    /**
     * Creates, unless it exists, the login role {@code role} for cross-tenant work: {@code BYPASSRLS}, no superuser,
     * inheriting nothing, and no member of the other roles. Lets it connect to {@code name} and use its public schema;
     * tables are the owner's to grant.
     */
    public static void createCrossTenantRole(Superuser superuser, String serverDatabase, String name, String role,
            String password) throws SQLException {
        boolean exists;
        try (Connection connection = superuser.connect(serverDatabase);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
            exists = rs.next();
        }
        if (!exists) {
            execute(superuser, serverDatabase, List.of("CREATE ROLE " + role + " LOGIN PASSWORD '" + password
                    + "' NOSUPERUSER BYPASSRLS NOINHERIT NOCREATEDB NOCREATEROLE"));
        }
        execute(superuser, serverDatabase, List.of("GRANT CONNECT ON DATABASE " + name + " TO " + role));
        execute(superuser, name, List.of("GRANT USAGE ON SCHEMA public TO " + role));
    }

    /** Drops {@code role}, through {@code serverDatabase}, if it exists. */
    public static void dropRole(Superuser superuser, String serverDatabase, String role) throws SQLException {
        execute(superuser, serverDatabase, List.of("DROP ROLE IF EXISTS " + role));
    }

    /** Removes, through {@code serverDatabase}, what {@link #create} made. */
    public static void drop(Superuser superuser, String serverDatabase, String name, String ownerRole,
            String appRole) throws SQLException {
        execute(superuser, serverDatabase, List.of(
                "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)",
                "DROP ROLE IF EXISTS " + appRole,
                "DROP ROLE IF EXISTS " + ownerRole));
    }

    private static void execute(Superuser superuser, String database, List<String> sql) throws SQLException {
        try (Connection connection = superuser.connect(database);
             Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}
