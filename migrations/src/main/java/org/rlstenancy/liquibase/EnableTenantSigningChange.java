package org.rlstenancy.liquibase;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import liquibase.change.ChangeMetaData;
import liquibase.change.DatabaseChange;
import liquibase.change.DatabaseChangeProperty;
import liquibase.database.Database;
import liquibase.statement.SqlStatement;
import org.rlstenancy.core.TenantPolicySql;
import org.rlstenancy.core.TenantSigningSql;
import org.rlstenancy.liquibase.internal.ApplicationRole;
import org.rlstenancy.liquibase.internal.Catalog;
import org.rlstenancy.liquibase.internal.GrantRecord;
import org.rlstenancy.liquibase.internal.Marker;
import org.rlstenancy.liquibase.internal.SchemaView;
import org.rlstenancy.liquibase.internal.Statements;
import org.rlstenancy.liquibase.internal.TenantChangeBase;

/**
 * {@code enableTenantSigning}: installs the signed mode with {@link TenantSigningSql#installStatements()} (the
 * schema {@code rls_tenancy} with its key store, server key and functions) unless it is installed, and lets the
 * application role call {@code rls_tenancy.bind} and {@code rls_tenancy.tenant} with
 * {@link TenantSigningSql#grantStatements}. The role is checked as {@code grantTenantAccess} checks it, and must not
 * be or belong to the schema's owner, who can read the keys.
 *
 * <p>The schema's comment records the changeset that installed it, and {@code rls_tenancy_grants} the privileges
 * this changeset granted. Rollback revokes those, and drops the schema if this changeset installed it and nothing
 * outside it uses it any more; a policy or column default that still calls {@code rls_tenancy.tenant} is named in
 * the error instead of being dropped with it.
 */
@DatabaseChange(name = EnableTenantSigningChange.NAME, priority = ChangeMetaData.PRIORITY_DEFAULT,
        description = "Installs the signed mode (schema rls_tenancy: key store, server key, bind and tenant functions)"
                + " and lets the application role call its two functions.")
public class EnableTenantSigningChange extends TenantChangeBase {
    static final String NAME = "enableTenantSigning";
    private static final String SCHEMA = TenantSigningSql.SCHEMA;
    private static final List<String> OBJECT_TYPES = List.of("SCHEMA", "FUNCTION");
    /** What {@link TenantSigningSql#grantStatements} grants, as the grant record stores it. */
    private static final List<GrantRecord.Entry> PRIVILEGES = List.of(
            new GrantRecord.Entry("SCHEMA", SCHEMA, "USAGE"),
            new GrantRecord.Entry("FUNCTION", SCHEMA + ".bind(text)", "EXECUTE"),
            new GrantRecord.Entry("FUNCTION", SCHEMA + ".tenant(text)", "EXECUTE"));

    private static final String DEPENDENTS_PROBLEM = "cannot drop schema " + SCHEMA + ": still in use by %s."
            + " Roll back the changes that use it first (enableTenantIsolation with mode signed), or drop them";

    private String roleName;

    /**
     * {@return the {@code roleName} attribute: the application role, which is let call {@code rls_tenancy.bind} and
     * {@code rls_tenancy.tenant}}
     */
    @DatabaseChangeProperty(description = "The application role", requiredForDatabase = "all")
    public String getRoleName() {
        return roleName;
    }

    /**
     * Sets the {@code roleName} attribute, as the changelog gives it.
     *
     * @param roleName the application role, which is let call {@code rls_tenancy.bind} and {@code rls_tenancy.tenant}
     */
    public void setRoleName(String roleName) {
        this.roleName = roleName;
    }

    @Override
    protected String changeName() {
        return NAME;
    }

    @Override
    protected void collectProblems(Database database, List<String> problems) {
        resolve(database, problems, false);
    }

    /** The install unless the schema is there, then the grants the role does not hold yet, recorded. */
    @Override
    public SqlStatement[] generateStatements(Database database) {
        Catalog catalog = resolve(database, new ArrayList<>(), true);
        List<String> statements = new ArrayList<>();
        if (catalog.signingSchema().isEmpty()) {
            statements.addAll(TenantSigningSql.installStatements());
            statements.add("COMMENT ON SCHEMA " + SCHEMA + " IS "
                    + Marker.literal(Marker.write(NAME, getChangeSet(), Map.of())));
        }
        List<GrantRecord.Entry> missing = missing(catalog);
        if (!missing.isEmpty()) {
            statements.addAll(TenantSigningSql.grantStatements(roleName));
            statements.addAll(GrantRecord.of(database).record(Marker.identity(getChangeSet()), roleName, missing));
        }
        return Statements.of(statements);
    }

    /**
     * Revokes what the record says this changeset granted, then drops the schema if this changeset installed it.
     * Before the changeset has run ({@code futureRollbackSql}), undoes what it would do now.
     */
    @Override
    public SqlStatement[] generateRollbackStatements(Database database) {
        Catalog catalog = resolve(database, new ArrayList<>(), true);
        List<String> statements = new ArrayList<>(GrantRecord.rollback(getChangeSet(), database, roleName,
                OBJECT_TYPES, () -> missing(catalog), recorded -> recorded));
        boolean ran = SchemaView.hasRun(getChangeSet(), database);
        Optional<Catalog.SigningSchema> schema = catalog.signingSchema();
        boolean installedHere = ran ? schema.flatMap(s -> Marker.read(s.comment(), NAME, getChangeSet())).isPresent()
                : schema.isEmpty();
        if (installedHere) {
            if (Statements.executed(database)) {
                List<String> dependents = catalog.signingDependents();
                if (!dependents.isEmpty()) {
                    throw Statements.failure(this, NAME, DEPENDENTS_PROBLEM.formatted(String.join(", ", dependents)));
                }
            } else {
                statements.add(dependentsGuard());
            }
            statements.addAll(TenantSigningSql.uninstallStatements());
        }
        return Statements.of(statements);
    }

    @Override
    public String getConfirmationMessage() {
        return "Signed mode installed in schema " + SCHEMA + " for role " + roleName;
    }

    /** For an SQL script: fails, naming them, when objects outside the schema still use it. */
    private static String dependentsGuard() {
        return "DO $$ DECLARE dependents text; BEGIN SELECT string_agg(dependent, ', ' ORDER BY dependent)"
                + " INTO dependents FROM (" + Catalog.SIGNING_DEPENDENTS + ") d;"
                + " IF dependents IS NOT NULL THEN RAISE EXCEPTION "
                + Marker.literal(NAME + " rollback: " + DEPENDENTS_PROBLEM.replace("%s", "%"))
                + ", dependents; END IF; END $$";
    }

    /** The privileges of {@link TenantSigningSql#grantStatements} that the role does not hold itself yet. */
    private List<GrantRecord.Entry> missing(Catalog catalog) {
        return PRIVILEGES.stream().filter(entry -> !catalog.privilegesHeld(roleName, entry.objectType(),
                entry.objectName()).contains(entry.privilege())).toList();
    }

    private Catalog resolve(Database database, List<String> problems, boolean strict) {
        try {
            TenantPolicySql.quote(roleName == null ? "" : roleName);
        } catch (IllegalArgumentException e) {
            problems.add(roleName == null ? "roleName is required" : e.getMessage());
        }
        SchemaView view = SchemaView.before(this, database);
        Catalog catalog = view.catalog();
        if (problems.isEmpty()) {
            ApplicationRole.check(view, roleName, problems, strict);
            Optional<Catalog.SigningSchema> schema = catalog.signingSchema();
            if (schema.isPresent() && !schema.get().complete()) {
                problems.add("schema " + SCHEMA + " exists but does not hold the signed mode's key tables and"
                        + " functions: drop or rename it, then run this change");
            }
            String owner = schema.map(Catalog.SigningSchema::owner).orElseGet(catalog::currentUser);
            if (owner != null && catalog.role(roleName).isPresent() && catalog.isMemberOf(roleName, owner)) {
                problems.add("role " + roleName + (roleName.equals(owner) ? " owns" : " is a member of " + owner
                        + ", which owns") + " schema " + SCHEMA + (schema.isEmpty() ? " once this change creates it"
                        : "") + ": it could read the signing keys and sign any tenant; grant to a role that owns"
                        + " nothing");
            }
        }
        if (strict && !problems.isEmpty()) {
            throw Statements.failure(this, NAME, String.join("; ", problems));
        }
        return catalog;
    }
}
