package org.rlstenancy.liquibase.internal;

import java.util.ArrayList;
import java.util.List;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import org.rlstenancy.core.TenantPolicySql;

/**
 * What the Citus change types share: one table, a database with the {@code citus} extension, the table's placement
 * changed by one Citus function, and rollback through {@code undistribute_table}. Forced row-level security is lifted
 * for the owner while Citus copies the rows (it copies them with {@code COPY}, which PostgreSQL refuses under
 * row-level security) and restored in the same transaction, so no other session sees it lifted.
 */
public abstract class CitusTableChange extends TenantChangeBase {
    private String schemaName;
    private String tableName;

    /** {@return the {@code schemaName} attribute: the table's schema; null for the search path} */
    @DatabaseChangeProperty(description = "Schema of the table; the search path when not given")
    public String getSchemaName() {
        return schemaName;
    }

    /**
     * Sets the {@code schemaName} attribute, as the changelog gives it.
     *
     * @param schemaName the table's schema; null for the search path
     */
    public void setSchemaName(String schemaName) {
        this.schemaName = schemaName;
    }

    /** {@return the {@code tableName} attribute: the table Citus is to place} */
    @DatabaseChangeProperty(description = "Table to place", requiredForDatabase = "all")
    public String getTableName() {
        return tableName;
    }

    /**
     * Sets the {@code tableName} attribute, as the changelog gives it.
     *
     * @param tableName the table Citus is to place
     */
    public void setTableName(String tableName) {
        this.tableName = tableName;
    }

    /**
     * {@return the {@code pg_dist_partition.partmethod} of the placement this change makes: {@code h} or {@code n}}
     */
    protected abstract String placement();

    /**
     * The call that places the table, such as {@code SELECT create_reference_table('public.t')}.
     *
     * @param table the table as it is, found in the catalog
     * @param quotedTable its qualified, quoted name
     * @param problems where to add a problem that stops the change
     * @return the statement
     */
    protected abstract String placeStatement(TableState table, String quotedTable, List<String> problems);

    /**
     * Adds the problems only this change type has, such as a missing distribution column.
     *
     * @param table the table as it is
     * @param view the schema
     * @param problems where to add each problem
     * @param strict whether the change is about to run
     */
    protected void checkTable(TableState table, SchemaView view, List<String> problems, boolean strict) {
    }

    @Override
    protected void collectProblems(Database database, List<String> problems) {
        resolve(database, problems, false);
    }

    @Override
    public SqlStatement[] generateStatements(Database database) {
        List<String> problems = new ArrayList<>();
        TableState table = resolve(database, problems, true);
        String quoted = quoted(table);
        SchemaView view = SchemaView.before(this, database);
        String now = view.catalog().citusPlacement(quoted).orElse(null);
        if (placement().equals(now)) {
            return new SqlStatement[0];
        }
        if (now != null) {
            throw Statements.failure(this, changeName(), "table " + SchemaView.describe(table) + " is already "
                    + describePlacement(now) + ": undistribute_table it first");
        }
        String place = placeStatement(table, quoted, problems);
        if (!problems.isEmpty()) {
            throw Statements.failure(this, changeName(), String.join("; ", problems));
        }
        return Statements.of(withForceLifted(table, quoted, place));
    }

    /**
     * Undoes the placement with {@code undistribute_table}, which moves the rows back to the coordinator and keeps
     * the policies; Citus cannot do that for a table with an identity column, which is an error naming it.
     */
    @Override
    public SqlStatement[] generateRollbackStatements(Database database) {
        TableState table = resolve(database, null, true);
        String quoted = quoted(table);
        Catalog catalog = SchemaView.before(this, database).catalog();
        if (catalog.online() && catalog.citusPlacement(quoted).isEmpty()) {
            return new SqlStatement[0];
        }
        List<String> identity = catalog.identityColumns(quoted);
        if (!identity.isEmpty()) {
            throw Statements.failure(this, changeName(), "table " + SchemaView.describe(table) + " cannot be rolled"
                    + " back: Citus's undistribute_table refuses a table with an identity column (" + String.join(", ",
                    identity) + "), and Citus cannot drop the identity of a distributed table. Copy the rows into a new"
                    + " local table instead");
        }
        return Statements.of(withForceLifted(table, quoted, "SELECT undistribute_table(" + literal(quoted) + ")"));
    }

    /** {@return the SQL string literal of {@code text}} */
    protected static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static String describePlacement(String partmethod) {
        return "n".equals(partmethod) ? "a reference table" : "a distributed table";
    }

    private List<String> withForceLifted(TableState table, String quoted, String statement) {
        List<String> statements = new ArrayList<>();
        if (table.force()) {
            statements.add("ALTER TABLE " + quoted + " NO FORCE ROW LEVEL SECURITY");
        }
        statements.add(statement);
        if (table.force()) {
            statements.add("ALTER TABLE " + quoted + " FORCE ROW LEVEL SECURITY");
        }
        return statements;
    }

    private static String quoted(TableState table) {
        return (table.schema() == null ? "" : TenantPolicySql.quote(table.schema()) + ".")
                + TenantPolicySql.quote(table.name());
    }

    private TableState resolve(Database database, List<String> problems, boolean strict) {
        List<String> found = problems == null ? new ArrayList<>() : problems;
        TableState table = null;
        if (tableName == null || tableName.isBlank()) {
            found.add("tableName is required");
        } else {
            SchemaView view = SchemaView.before(this, database);
            if (view.catalog().online() && !view.catalog().hasExtension("citus")) {
                // Only as it runs: validation covers changesets that a precondition will skip on a plain server.
                if (strict) {
                    found.add("the database has no citus extension: " + changeName() + " runs on a Citus coordinator"
                            + " (CREATE EXTENSION citus, and the workers added with citus_add_node)");
                }
            } else {
                table = view.find(schemaName, tableName, found, strict);
                if (table != null) {
                    checkTable(table, view, found, strict);
                }
            }
        }
        if (strict && (table == null || !found.isEmpty())) {
            throw Statements.failure(this, changeName(), String.join("; ", found));
        }
        return table;
    }
}
