package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.rlstenancy.core.spi.TenantEventListener;
import org.rlstenancy.core.spi.TenantEvents;
import org.rlstenancy.core.testsupport.TestDatabase;

/** What a registered {@link TenantEventListener} hears, against real PostgreSQL as the application role. */
class TenantEventsTest {
    @RegisterExtension
    static final TestDatabase db = new TestDatabase();

    static final UUID ACME = Notes.ACME;
    static final UUID GLOBEX = Notes.GLOBEX;

    static Notes notes;

    final Recorder recorder = new Recorder();
    TenantEvents.Registration registration;

    @BeforeAll
    static void schema() throws SQLException {
        notes = Notes.create(db);
    }

    @BeforeEach
    void register() throws SQLException {
        Notes.seed(db);
        registration = TenantEvents.register(recorder);
    }

    @AfterEach
    void unregister() {
        registration.close();
    }

    @Test
    void aFoldedFirstStatementIsToldOncePerTransaction() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME)) {
            connection.setAutoCommit(false);
            for (int transaction = 0; transaction < 2; transaction++) {
                for (int statement = 0; statement < 2; statement++) {
                    try (PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM notes")) {
                        select.executeQuery().close();
                    }
                }
                connection.commit();
            }
        }
        assertThat(recorder.events).containsExactly("applied " + ACME + " folded", "applied " + ACME + " folded");
        assertThat(recorder.nanos).allSatisfy(nanos -> assertThat(nanos).isNotNegative());
    }

    @Test
    void aSetConfigStatementOfItsOwnIsToldAsNotFolded() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(GLOBEX);
             Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM notes").close();
            statement.executeQuery("SELECT count(*) FROM notes").close();
        }
        assertThat(recorder.events).containsExactly("applied " + GLOBEX + " statement",
                "applied " + GLOBEX + " statement");
    }

    @Test
    void aCrossTenantInsertIsToldAsARefusalNamingTheTable() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate(
                    "INSERT INTO notes (tenant_id, body) VALUES ('" + GLOBEX + "', 'sneaky')"))
                    .isInstanceOfSatisfying(CrossTenantWriteException.class,
                            e -> assertThat(e.table()).contains("notes"));
        }
        assertThat(recorder.events).containsExactly("applied " + ACME + " statement", "refused " + ACME + " notes");
    }

    @Test
    void aFailedFoldedStatementAndASetConfigInAnAbortedTransactionAreToldAsFailed() throws SQLException {
        try (Connection connection = notes.dataSource.getConnection(ACME)) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO notes (tenant_id, body) VALUES (?, 'sneaky')")) {
                insert.setObject(1, GLOBEX);
                assertThatThrownBy(insert::executeUpdate).isInstanceOf(CrossTenantWriteException.class);
            }
            try (Statement statement = connection.createStatement()) {
                assertThatThrownBy(() -> statement.executeQuery("SELECT 1"))
                        .isInstanceOfSatisfying(SQLException.class,
                                e -> assertThat(e.getSQLState()).isEqualTo("25P02"));
            }
            connection.rollback();
        }
        assertThat(recorder.events).containsExactly("failed " + ACME + " folded", "refused " + ACME + " notes",
                "failed " + ACME + " statement");
    }

    @Test
    void borrowingWithNoTenantIsToldAsMissing() {
        assertThatThrownBy(notes.dataSource::getConnection).isInstanceOf(MissingTenantException.class);
        assertThat(recorder.events).containsExactly("missing");
    }

    @Test
    void everyChangeOfTheBoundTenantIsToldWithTheTenantBoundAfterIt() {
        try (TenantContext.Scope outer = TenantContext.bind(ACME)) {
            TenantContext.runAs(GLOBEX, () -> {
                try (TenantContext.Scope crossTenant = TenantContext.crossTenant()) {
                    recorder.events.add("work");
                }
            });
        }
        assertThat(recorder.events).containsExactly("bound " + ACME, "bound " + GLOBEX, "bound null", "work",
                "bound " + GLOBEX, "bound " + ACME, "bound null");
    }

    @Test
    void aWrappedTaskIsToldOnTheThreadThatRunsIt() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try {
            Runnable work = () -> recorder.events.add("work");
            Runnable task = TenantContext.callAs(GLOBEX, () -> TenantContext.wrap(work));
            recorder.events.clear();
            recorder.threads.clear();
            executor.submit(task).get();
        } finally {
            executor.shutdown();
        }
        assertThat(recorder.events).containsExactly("bound " + GLOBEX, "work", "bound null");
        assertThat(recorder.threads).doesNotContain(Thread.currentThread().getName());
    }

    @Test
    void aClosedRegistrationHearsNothingMore() throws SQLException {
        registration.close();
        registration.close();
        try (Connection connection = notes.dataSource.getConnection(ACME);
             Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT 1").close();
        }
        TenantContext.runAs(ACME, () -> { });
        assertThat(recorder.events).isEmpty();
    }

    @Test
    void aFailingListenerDoesNotStopTheWork() throws SQLException {
        try (TenantEvents.Registration failing = TenantEvents.register(new TenantEventListener() {
            @Override
            public void tenantApplied(String tenant, boolean folded, long nanos) {
                throw new IllegalStateException("listener bug");
            }

            @Override
            public void tenantBound(Object tenantId) {
                throw new IllegalStateException("listener bug");
            }
        })) {
            try (TenantContext.Scope scope = TenantContext.bind(ACME);
                 Connection connection = notes.dataSource.getConnection();
                 PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM notes");
                 var rows = select.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(1)).isEqualTo(2);
            }
            assertThat(TenantContext.current()).isEmpty();
        }
        assertThat(recorder.events).containsExactly("bound " + ACME, "applied " + ACME + " folded", "bound null");
    }

    @Test
    void theRefusedTableIsReadFromEachFormOfPostgreSqlsMessage() {
        assertThat(refusal("new row violates row-level security policy for table \"task\"")).contains("task");
        assertThat(refusal("new row violates row-level security policy (USING expression) for table \"task\""))
                .contains("task");
        assertThat(refusal("new row violates row-level security policy \"p\" for table \"my table\""))
                .contains("my table");
        assertThat(refusal("new row violates row-level security policy")).isEmpty();
    }

    private static java.util.Optional<String> refusal(String message) {
        return new CrossTenantWriteException(new SQLException("ERROR: " + message, "42501")).table();
    }

    static final class Recorder implements TenantEventListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> nanos = new CopyOnWriteArrayList<>();
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public void tenantApplied(String tenant, boolean folded, long nanos) {
            events.add("applied " + tenant + (folded ? " folded" : " statement"));
            this.nanos.add(nanos);
        }

        @Override
        public void tenantApplyFailed(String tenant, boolean folded) {
            events.add("failed " + tenant + (folded ? " folded" : " statement"));
        }

        @Override
        public void tenantMissing() {
            events.add("missing");
        }

        @Override
        public void rowLevelSecurityRefused(String tenant, String table) {
            events.add("refused " + tenant + " " + table);
        }

        @Override
        public void tenantBound(Object tenantId) {
            events.add("bound " + tenantId);
            threads.add(Thread.currentThread().getName());
        }
    }
}
