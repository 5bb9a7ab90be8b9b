package org.rlstenancy.core.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Gives a test or a benchmark a database of its own: an owner role, an application role that is no superuser,
 * cannot bypass row-level security and inherits nothing, a database the owner owns with only the application role
 * allowed to connect, and its public schema handed to the owner. Names and passwords are the caller's generated
 * ones, never user input.
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
