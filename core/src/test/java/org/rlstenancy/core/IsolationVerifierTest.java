package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.testsupport.TestDatabase;

/** One deliberately broken table per finding, each found with its own message; the canonical SQL gives none. */
class IsolationVerifierTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();
    private static final IsolationVerifier verifier = IsolationVerifier.of(RlsConfig.defaults(), "tenant_id");

    @BeforeAll
    static void tables() throws SQLException {
        for (String table : List.of("good", "not_enabled", "not_forced", "no_policy", "other_setting", "no_index",
                "owned_by_app")) {
            db.ownerExecute("CREATE TABLE " + table + " (id bigint PRIMARY KEY, tenant_id uuid NOT NULL)");
        }
        db.ownerExecute("CREATE TABLE global_lookup (code text PRIMARY KEY)");
        for (String table : List.of("good", "not_enabled", "not_forced", "no_index", "owned_by_app")) {
            db.protect(TenantPolicySql.forTable(table));
        }
        db.protect(TenantPolicySql.forTable("other_setting").withConfig(RlsConfig.defaults().withSettingName("other.tenant")));
        db.ownerExecute("ALTER TABLE not_enabled DISABLE ROW LEVEL SECURITY",
                "ALTER TABLE not_forced NO FORCE ROW LEVEL SECURITY",
                "ALTER TABLE no_policy ENABLE ROW LEVEL SECURITY", "ALTER TABLE no_policy FORCE ROW LEVEL SECURITY",
                "CREATE INDEX ON no_policy (tenant_id)",
                "DROP INDEX " + TenantPolicySql.forTable("no_index").indexName());
        db.superuserExecute("ALTER TABLE owned_by_app OWNER TO " + db.appRole());
    }

    private static List<String> findings(String... tables) throws SQLException {
        try (Connection connection = db.appConnection()) {
            return verifier.verify(connection, List.of(tables)).stream().map(IsolationFinding::toString).toList();
        }
    }

    @Test
    void aTableUnderTheCanonicalSqlAndATableWithoutTheTenantColumnGiveNoFinding() throws SQLException {
        assertThat(findings("good", "global_lookup", "public.good")).isEmpty();
    }

    @Test
    void eachBrokenTableGivesItsOwnFinding() throws SQLException {
        assertThat(findings("not_enabled")).containsExactly("ERROR table not_enabled: does not have row-level"
                + " security enabled: every tenant sees every row. ALTER TABLE ... ENABLE ROW LEVEL SECURITY");
        assertThat(findings("not_forced")).containsExactly("ERROR table not_forced: does not force row-level"
                + " security: its owner, and views it owns, see every tenant. ALTER TABLE ... FORCE ROW LEVEL SECURITY");
        assertThat(findings("no_policy")).containsExactly("ERROR table no_policy: has no policy comparing tenant_id"
                + " with app.tenant_id in USING and WITH CHECK. Create the tenant policy (Liquibase:"
                + " enableTenantIsolation)");
        assertThat(findings("other_setting")).singleElement().asString()
                .startsWith("ERROR table other_setting: has no policy comparing tenant_id with app.tenant_id");
        assertThat(findings("no_index")).containsExactly("WARNING table no_index: has no index led by tenant_id:"
                + " every query reads all tenants' rows. CREATE INDEX ... (tenant_id, ...)");
        assertThat(findings("owned_by_app")).singleElement().asString().startsWith("ERROR table owned_by_app: is"
                + " owned by " + db.appRole() + ", the application role: owners can switch row-level security off");
        assertThat(findings("missing")).containsExactly("ERROR table missing: does not exist or is not visible to"
                + " role " + db.appRole() + ". Create it, or check the schema and the search path");
    }

    @Test
    void aSuperuserConnectionIsAFinding() throws SQLException {
        try (Connection connection = db.superuserConnection()) {
            List<IsolationFinding> found = verifier.verify(connection, List.of("good"));
            assertThat(found).extracting(IsolationFinding::severity).containsOnly(IsolationFinding.Severity.ERROR);
            assertThat(found).extracting(IsolationFinding::problem).contains(
                    "is a superuser, which row-level security never binds",
                    "has BYPASSRLS, which skips every policy");
        }
    }

    @Test
    void aRoleThatIsAMemberOfTheOwnerIsAFinding() throws SQLException {
        db.superuserExecute("GRANT " + db.ownerRole() + " TO " + db.appRole());
        try {
            assertThat(findings("good")).singleElement().asString().startsWith("ERROR table good: is owned by "
                    + db.ownerRole() + ", and the application role " + db.appRole() + " is a member of it");
        } finally {
            db.superuserExecute("REVOKE " + db.ownerRole() + " FROM " + db.appRole());
        }
    }
}
