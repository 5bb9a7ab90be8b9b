package org.rlstenancy.core;

import java.sql.SQLException;
import java.util.UUID;

import com.zaxxer.hikari.HikariDataSource;
import org.rlstenancy.core.testsupport.RecordingDataSource;
import org.rlstenancy.core.testsupport.TestDatabase;

/**
 * The notes table of the JDBC-level tests ("acme 1" and "acme 2" belong to ACME, "globex 1" to GLOBEX), and the
 * connections to it: the application role's pool of one, a recorder of what reaches it, and {@link RlsDataSource}
 * over the recorder.
 */
final class Notes {
    static final UUID ACME = UUID.fromString("00000000-0000-0000-0000-00000000000a");
    static final UUID GLOBEX = UUID.fromString("00000000-0000-0000-0000-00000000000b");

    final HikariDataSource pool;
    final RecordingDataSource recording;
    final RlsDataSource dataSource;

    private Notes(HikariDataSource pool) {
        this.pool = pool;
        this.recording = new RecordingDataSource(pool);
        this.dataSource = new RlsDataSource(recording);
    }

    /** Creates the table under the canonical policy, then, as the owner, runs {@code more}. */
    static Notes create(TestDatabase db, String... more) throws SQLException {
        db.ownerExecute("CREATE TABLE notes (id bigserial PRIMARY KEY, tenant_id uuid NOT NULL, body text NOT NULL)");
        db.protect(TenantPolicySql.forTable("notes"));
        db.ownerExecute(more);
        return new Notes(db.appPool(1));
    }

    /** Replaces every row with the three seed notes, as the superuser. */
    static void seed(TestDatabase db) throws SQLException {
        db.superuserExecute("TRUNCATE notes",
                "INSERT INTO notes (tenant_id, body) VALUES ('" + ACME + "', 'acme 1'), ('" + ACME + "', 'acme 2'),"
                        + " ('" + GLOBEX + "', 'globex 1')");
    }
}
