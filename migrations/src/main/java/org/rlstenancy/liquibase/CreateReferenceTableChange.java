package org.rlstenancy.liquibase;

import java.util.List;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import org.rlstenancy.liquibase.internal.CitusTableChange;
import org.rlstenancy.liquibase.internal.SchemaView;
import org.rlstenancy.liquibase.internal.TableState;

/**
 * {@code createReferenceTable}: on a Citus coordinator, copies a shared lookup table (data every tenant reads, with
 * no tenant column) to every node with {@code create_reference_table}, so tenant tables can join it and reference
 * it by foreign key on their shards. A table under tenant isolation is refused: distribute it by its tenant column
 * ({@code distributeByTenant}). Rollback runs {@code undistribute_table}.
 */
@DatabaseChange(name = CreateReferenceTableChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        appliesTo = "table", description = "On a Citus coordinator: makes a shared table without tenant data a"
                + " reference table, copied to every node.")
public class CreateReferenceTableChange extends CitusTableChange {
    static final String NAME = "createReferenceTable";

    @Override
    protected String changeName() {
        return NAME;
    }

    @Override
    protected String placement() {
        return "n";
    }

    @Override
    protected void checkTable(TableState table, SchemaView view, List<String> problems, boolean strict) {
        if (table.inCatalog() && table.hasPolicies()) {
            problems.add("table " + SchemaView.describe(table) + " has row-level security policies, so it holds"
                    + " tenant data: distribute it by its tenant column with distributeByTenant instead");
        }
    }

    @Override
    protected String placeStatement(TableState table, String quotedTable, List<String> problems) {
        return "SELECT create_reference_table(" + literal(quotedTable) + ")";
    }

    @Override
    public String getConfirmationMessage() {
        return "Table " + getTableName() + " made a reference table";
    }
}
