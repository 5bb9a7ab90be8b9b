package org.rlstenancy.liquibase;

import java.util.List;
import java.util.Objects;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.liquibase.internal.CitusTableChange;
import org.rlstenancy.liquibase.internal.SchemaView;
import org.rlstenancy.liquibase.internal.TableState;

/**
 * {@code distributeByTenant}: on a Citus coordinator, shards a table by its tenant column with {@code
 * create_distributed_table(table, column, colocate_with => ...)}. Put the table under tenant isolation first ({@code
 * enableTenantIsolation}, which writes the policy form Citus accepts on a Citus coordinator): Citus carries the
 * policies, {@code FORCE} and the column default to every shard, and refuses to change the distribution column's
 * default afterwards. A table that is already distributed is left as it is. Rollback runs {@code undistribute_table},
 * which Citus refuses for a table with an identity column (an error naming it).
 */
@DatabaseChange(name = DistributeByTenantChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        appliesTo = "table", description = "On a Citus coordinator: distributes a table under tenant isolation by its"
                + " tenant column, colocated with the other tenant tables.")
public class DistributeByTenantChange extends CitusTableChange {
    static final String NAME = "distributeByTenant";

    private String columnName;
    private String colocateWith;

    /** {@return the {@code columnName} attribute: the tenant column to distribute by, {@code tenant_id} when null} */
    @DatabaseChangeProperty(description = "Tenant column to distribute by (default tenant_id)")
    public String getColumnName() {
        return columnName;
    }

    /**
     * Sets the {@code columnName} attribute, as the changelog gives it.
     *
     * @param columnName the tenant column to distribute by, {@code tenant_id} when null
     */
    public void setColumnName(String columnName) {
        this.columnName = columnName;
    }

    /**
     * {@return the {@code colocateWith} attribute: a distributed table whose shards this table's shards go with; null
     * for Citus's default, the colocation group of the tables distributed by a column of the same type}
     */
    @DatabaseChangeProperty(description = "Distributed table to colocate with (default: Citus's default group for the"
            + " column's type)")
    public String getColocateWith() {
        return colocateWith;
    }

    /**
     * Sets the {@code colocateWith} attribute, as the changelog gives it.
     *
     * @param colocateWith a distributed table to colocate with; null for Citus's default
     */
    public void setColocateWith(String colocateWith) {
        this.colocateWith = colocateWith;
    }

    @Override
    protected String changeName() {
        return NAME;
    }

    @Override
    protected String placement() {
        return "h";
    }

    @Override
    protected void checkTable(TableState table, SchemaView view, List<String> problems, boolean strict) {
        view.findColumn(table, column(), problems, strict);
        if (table.inCatalog() && !table.hasPolicies()) {
            problems.add("table " + SchemaView.describe(table) + " has no row-level security policy: run"
                    + " enableTenantIsolation on it before distributeByTenant, as Citus does not let the default of the"
                    + " distribution column change once the table is distributed");
        }
    }

    @Override
    protected String placeStatement(TableState table, String quotedTable, List<String> problems) {
        return "SELECT create_distributed_table(" + literal(quotedTable) + ", " + literal(column())
                + (colocateWith == null ? "" : ", colocate_with => " + literal(colocateWith)) + ")";
    }

    @Override
    public String getConfirmationMessage() {
        return "Table " + getTableName() + " distributed by " + column();
    }

    private String column() {
        return Objects.requireNonNullElse(columnName, TenantPolicySql.DEFAULT_COLUMN);
    }
}
