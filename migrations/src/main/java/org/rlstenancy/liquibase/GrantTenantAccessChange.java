package org.rlstenancy.liquibase;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import liquibase.Scope;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.logging.Logger;
import liquibase.statement.SqlStatement;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.liquibase.internal.ApplicationRole;
import org.rlstenancy.liquibase.internal.Catalog;
import org.rlstenancy.liquibase.internal.GrantRecord;
import org.rlstenancy.liquibase.internal.Marker;
import org.rlstenancy.liquibase.internal.SchemaView;
import org.rlstenancy.liquibase.internal.Statements;
import org.rlstenancy.liquibase.internal.TenantChangeBase;
import org.rlstenancy.liquibase.internal.TableState;

/**
 * {@code grantTenantAccess}: gives the application role what it needs on tenant tables and nothing more: SELECT,
 * INSERT, UPDATE and DELETE on the tables and USAGE on their sequences, never TRUNCATE, REFERENCES or TRIGGER (which
 * row-level security does not govern). The tables are {@code tableNames}, or every table of {@code schemaName}
 * except Liquibase's own. The sequences are those the tables' columns own or call in their defaults (or every
 * sequence of the schema), plus {@code sequenceNames}.
 *
 * <p>A role that is a superuser, has BYPASSRLS or owns one of the tables is refused: row-level security would not
 * bind it. Only privileges the role does not hold yet are granted, and they are recorded in the table
 * {@code rls_tenancy_grants} beside Liquibase's own, so that rollback revokes exactly those and keeps whatever the
 * role held before.
 */
@DatabaseChange(name = GrantTenantAccessChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        description = "Grants the application role SELECT, INSERT, UPDATE and DELETE on tenant tables and USAGE on"
                + " their sequences; never TRUNCATE, REFERENCES or TRIGGER.")
public class GrantTenantAccessChange extends TenantChangeBase {
    static final String NAME = "grantTenantAccess";
    private static final List<String> TABLE_PRIVILEGES = List.of("SELECT", "INSERT", "UPDATE", "DELETE");
    private static final List<String> OBJECT_TYPES = List.of("TABLE", "SEQUENCE");

    private String roleName;
    private String schemaName;
    private String tableNames;
    private String sequenceNames;
    private final Set<String> rollbackWarnings = new HashSet<>();

    /** {@return the {@code roleName} attribute: the application role to grant to} */
    @DatabaseChangeProperty(description = "The application role", requiredForDatabase = "all")
    public String getRoleName() {
        return roleName;
    }

    /**
     * Sets the {@code roleName} attribute, as the changelog gives it.
     *
     * @param roleName the application role to grant to
     */
    public void setRoleName(String roleName) {
        this.roleName = roleName;
    }

    /** {@return the {@code schemaName} attribute: the tables' schema; given alone, every table of the schema} */
    @DatabaseChangeProperty(description = "Schema of the tables; alone, every table of the schema")
    public String getSchemaName() {
        return schemaName;
    }

    /**
     * Sets the {@code schemaName} attribute, as the changelog gives it.
     *
     * @param schemaName the tables' schema; given alone, every table of the schema
     */
    public void setSchemaName(String schemaName) {
        this.schemaName = schemaName;
    }

    /** {@return the {@code tableNames} attribute: the tables, comma-separated} */
    @DatabaseChangeProperty(description = "Comma-separated tables")
    public String getTableNames() {
        return tableNames;
    }

    /**
     * Sets the {@code tableNames} attribute, as the changelog gives it.
     *
     * @param tableNames the tables, comma-separated
     */
    public void setTableNames(String tableNames) {
        this.tableNames = tableNames;
    }

    /**
     * {@return the {@code sequenceNames} attribute: the sequences to grant USAGE on besides the tables' own,
     * comma-separated}
     */
    @DatabaseChangeProperty(description = "Comma-separated sequences to grant USAGE on besides the tables' own")
    public String getSequenceNames() {
        return sequenceNames;
    }

    /**
     * Sets the {@code sequenceNames} attribute, as the changelog gives it.
     *
     * @param sequenceNames the sequences to grant USAGE on besides the tables' own, comma-separated
     */
    public void setSequenceNames(String sequenceNames) {
        this.sequenceNames = sequenceNames;
    }

    @Override
    protected String changeName() {
        return NAME;
    }

    @Override
    protected void collectProblems(Database database, List<String> problems) {
        resolve(database, problems, false);
    }

    /**
     * Grants what the role does not already hold, and records it in {@link GrantRecord#TABLE} for the rollback. A
     * change that finds everything in place grants and records nothing.
     */
    @Override
    public SqlStatement[] generateStatements(Database database) {
        Targets targets = resolve(database, new ArrayList<>(), true);
        List<GrantRecord.Entry> missing = missing(targets, Catalog.of(database));
        List<String> statements = new ArrayList<>(GrantRecord.statements("GRANT", "TO", roleName, missing));
        if (!missing.isEmpty()) {
            statements.addAll(GrantRecord.of(database).record(Marker.identity(getChangeSet()), roleName, missing));
        }
        return Statements.of(statements);
    }

    /**
     * Revokes what the record says this changeset granted, and nothing the role held before; the role is not
     * validated again as for a grant, so a role since given BYPASSRLS loses exactly what it got. When the role no
     * longer exists, nothing is revoked; a table or sequence that no longer exists, or that the role now owns, is
     * left alone; either is logged, and the record is forgotten all the same. Before the changeset has run
     * ({@code futureRollbackSql}), what it would grant now.
     */
    @Override
    public SqlStatement[] generateRollbackStatements(Database database) {
        Catalog catalog = Catalog.of(database);
        return Statements.of(GrantRecord.rollback(getChangeSet(), database, roleName, OBJECT_TYPES,
                () -> missing(resolve(database, new ArrayList<>(), true), catalog),
                recorded -> revocable(catalog, recorded)));
    }

    /**
     * The recorded privileges that can still be revoked; logs why any other is not, once although Liquibase asks
     * for the rollback statements more than once.
     */
    private List<GrantRecord.Entry> revocable(Catalog catalog, List<GrantRecord.Entry> recorded) {
        Logger logger = Scope.getCurrentScope().getLog(getClass());
        Consumer<String> log = message -> {
            if (rollbackWarnings.add(message)) {
                logger.warning(message);
            }
        };
        String rollback = NAME + " rollback of " + Marker.identity(getChangeSet()) + ": ";
        Set<String> objects = new LinkedHashSet<>(recorded.stream()
                .map(entry -> entry.objectType().toLowerCase(Locale.ROOT) + " " + entry.objectName()).toList());
        if (catalog.role(roleName).isEmpty()) {
            log.accept(rollback + "role " + roleName + " no longer exists, so nothing is revoked and the record of"
                    + " its grants is dropped; if it was renamed, it keeps its privileges on " + String.join(", ",
                    objects));
            return List.of();
        }
        List<GrantRecord.Entry> revocable = new ArrayList<>();
        Set<String> gone = new LinkedHashSet<>();
        Set<String> owned = new LinkedHashSet<>();
        Map<String, Optional<String>> owners = new HashMap<>();
        for (GrantRecord.Entry entry : recorded) {
            String object = entry.objectType().toLowerCase(Locale.ROOT) + " " + entry.objectName();
            Optional<String> owner = owners.computeIfAbsent(entry.objectName(), catalog::owner);
            if (owner.isEmpty()) {
                gone.add(object);
            } else if (owner.get().equals(roleName)) {
                owned.add(object);
            } else {
                revocable.add(entry);
            }
        }
        if (!gone.isEmpty()) {
            log.accept(rollback + "nothing revoked on " + String.join(", ", gone) + ", which no longer exist"
                    + (gone.size() == 1 ? "s" : "") + " under that name");
        }
        if (!owned.isEmpty()) {
            log.accept(rollback + "nothing revoked on " + String.join(", ", owned) + ", which role " + roleName
                    + " now owns: an owner's own privileges stay");
        }
        return revocable;
    }

    @Override
    public String getConfirmationMessage() {
        return "Tenant table access granted to " + roleName;
    }

    /** The privileges on the targets that the role does not hold itself yet, in grant order. */
    private static List<GrantRecord.Entry> missing(Targets targets, Catalog catalog) {
        List<GrantRecord.Entry> missing = new ArrayList<>();
        for (String table : targets.tables) {
            Set<String> held = catalog.privilegesHeld(targets.role, "TABLE", table);
            TABLE_PRIVILEGES.stream().filter(privilege -> !held.contains(privilege))
                    .forEach(privilege -> missing.add(new GrantRecord.Entry("TABLE", table, privilege)));
        }
        for (String sequence : targets.sequences) {
            if (!catalog.privilegesHeld(targets.role, "SEQUENCE", sequence).contains("USAGE")) {
                missing.add(new GrantRecord.Entry("SEQUENCE", sequence, "USAGE"));
            }
        }
        return missing;
    }

    /** The role and the quoted, schema-qualified tables and sequences. */
    private record Targets(String role, Set<String> tables, Set<String> sequences) {
    }

    private Targets resolve(Database database, List<String> problems, boolean strict) {
        Set<String> tables = new LinkedHashSet<>();
        Set<String> sequences = new LinkedHashSet<>();
        try {
            TenantPolicySql.quote(roleName == null ? "" : roleName);
            if (schemaName != null) {
                TenantPolicySql.quote(schemaName);
            }
            SchemaView.split(tableNames).forEach(TenantPolicySql::quote);
            SchemaView.split(sequenceNames).forEach(name -> SchemaView.qualified(schemaName, name));
        } catch (IllegalArgumentException e) {
            problems.add(roleName == null ? "roleName is required" : e.getMessage());
        }
        if (tableNames == null && schemaName == null) {
            problems.add("give tableNames, schemaName or both");
        } else if (tableNames != null && SchemaView.split(tableNames).isEmpty()) {
            problems.add("tableNames names no table");
        }
        if (problems.isEmpty()) {
            SchemaView view = SchemaView.before(this, database);
            Catalog catalog = view.catalog();
            if (schemaName != null && !catalog.schemaExists(schemaName) && (strict || !view.incomplete())) {
                problems.add("schema " + schemaName + " does not exist");
            }
            for (String name : tableNames != null ? SchemaView.split(tableNames) : List.copyOf(tablesOf(view,
                    database))) {
                TableState table = view.find(schemaName, name, problems, strict);
                if (table != null) {
                    tables.add(SchemaView.qualified(table.schema(), table.name()));
                    if (table.owner() != null && catalog.isMemberOf(roleName, table.owner())) {
                        problems.add("role " + roleName + (roleName.equals(table.owner()) ? " owns" : " is a member of "
                                + table.owner() + ", which owns") + " table " + SchemaView.describe(table)
                                + ": owners can switch row-level security off; grant to a role that owns nothing");
                    }
                    sequences.addAll(view.sequencesOf(table));
                }
            }
            if (tableNames == null) {
                sequences.addAll(view.sequencesIn(schemaName));
            }
            for (String name : SchemaView.split(sequenceNames)) {
                Optional<String> sequence = view.sequence(schemaName, name);
                if (sequence.isPresent()) {
                    sequences.add(sequence.get());
                } else if (strict || !view.incomplete()) {
                    problems.add("sequence " + (schemaName == null ? "" : schemaName + ".") + name
                            + " does not exist");
                }
            }
            ApplicationRole.check(view, roleName, problems, strict);
        }
        if (strict && !problems.isEmpty()) {
            throw Statements.failure(this, NAME, String.join("; ", problems));
        }
        return new Targets(roleName, tables, sequences);
    }

    private Set<String> tablesOf(SchemaView view, Database database) {
        Set<String> liquibaseTables = Set.of(database.getDatabaseChangeLogTableName().toLowerCase(Locale.ROOT),
                database.getDatabaseChangeLogLockTableName().toLowerCase(Locale.ROOT), GrantRecord.TABLE);
        Set<String> tables = new LinkedHashSet<>(view.tablesIn(schemaName));
        tables.removeIf(name -> liquibaseTables.contains(name.toLowerCase(Locale.ROOT)));
        return tables;
    }
}
