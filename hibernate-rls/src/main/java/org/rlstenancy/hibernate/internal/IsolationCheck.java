package org.rlstenancy.hibernate.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
import org.hibernate.engine.jdbc.connections.spi.MultiTenantConnectionProvider;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@value RlsSettings#VERIFICATION}: verifies the model's tables ({@link ModelTables}) once the SessionFactory is
 * built. It observes the SessionFactory, and is added to its observers after the ones its builder gave it, among them
 * the schema export of {@code hibernate.hbm2ddl.auto}; so it sees the tables that export created or updated. A
 * failure thrown here makes Hibernate close the SessionFactory and rethrow it from {@code buildSessionFactory()}.
 */
public final class IsolationCheck implements SessionFactoryObserver {
    private static final Logger log = LoggerFactory.getLogger(IsolationCheck.class);

    private final RlsMultiTenantConnectionProvider provider;
    private final RlsSettings.Verification mode;
    private final String tenantColumn;

    private IsolationCheck(RlsMultiTenantConnectionProvider provider, RlsSettings.Verification mode,
            String tenantColumn) {
        this.provider = provider;
        this.mode = mode;
        this.tenantColumn = tenantColumn;
    }

    /** Reads the settings now, so a wrong value stops the boot before any SQL; unless {@code off}, observes. */
    static void register(SessionFactoryImplementor sessionFactory, RlsMultiTenantConnectionProvider provider,
            Map<String, Object> settings) {
        RlsSettings.Verification mode = RlsSettings.verification(settings);
        if (mode != RlsSettings.Verification.OFF) {
            sessionFactory.addObserver(new IsolationCheck(provider, mode, RlsSettings.tenantColumn(settings)));
        }
    }

    /**
     * Checks, as the start-up check does for {@link org.rlstenancy.core.SharedData} entities, that the tables of
     * {@code entity}, which {@code what} (such as a repository marked shared) reads with no tenant, have no tenant
     * column; by {@value RlsSettings#VERIFICATION}, fails or warns. Does nothing when {@code sessionFactory} is not
     * wired with RLS Tenancy or the check is off. For the Spring Boot starter; not a public API.
     */
    public static void checkSharedData(SessionFactoryImplementor sessionFactory, Class<?> entity, String what) {
        Map<String, Object> settings = sessionFactory.getProperties();
        if (!(sessionFactory.getServiceRegistry().getService(MultiTenantConnectionProvider.class)
                instanceof RlsMultiTenantConnectionProvider provider)
                || !RlsSettings.integrationEnabled(settings)
                || RlsSettings.verification(settings) == RlsSettings.Verification.OFF) {
            return;
        }
        IsolationCheck check = new IsolationCheck(provider, RlsSettings.verification(settings),
                RlsSettings.tenantColumn(settings));
        IsolationVerifier verifier = IsolationVerifier.of(provider.config(), check.tenantColumn);
        check.report(check.findings(connection -> {
            List<IsolationFinding> findings = new ArrayList<>();
            for (String table : ModelTables.tablesOf(sessionFactory, entity)) {
                findings.addAll(ModelTables.sharedDataFindings(connection, verifier, check.tenantColumn, table, what));
            }
            return findings;
        }));
    }

    @Override
    public void sessionFactoryCreated(SessionFactory factory) {
        ModelTables model = ModelTables.of((SessionFactoryImplementor) factory);
        IsolationVerifier verifier = IsolationVerifier.of(provider.config(), tenantColumn);
        report(findings(connection -> model.findings(connection, verifier, tenantColumn)));
    }

    private interface Finder {
        List<IsolationFinding> find(Connection connection) throws SQLException;
    }

    private List<IsolationFinding> findings(Finder finder) {
        try {
            Connection connection = provider.getAnyConnection();
            try {
                return finder.find(connection);
            } finally {
                provider.releaseAnyConnection(connection);
            }
        } catch (SQLException e) {
            throw new RlsTenancyException("Could not verify tenant isolation (" + RlsSettings.VERIFICATION + "): "
                    + e.getMessage(), e);
        }
    }

    private void report(List<IsolationFinding> findings) {
        boolean errors = findings.stream().anyMatch(f -> f.severity() == IsolationFinding.Severity.ERROR);
        if (errors && mode == RlsSettings.Verification.FAIL) {
            throw new RlsTenancyException("The database does not enforce tenant isolation on this model:\n"
                    + IsolationVerifier.report(findings) + "\nFix these, or set " + RlsSettings.VERIFICATION
                    + "=warn to start anyway.");
        }
        if (!findings.isEmpty()) {
            log.warn("Tenant isolation findings ({}={}):\n{}", RlsSettings.VERIFICATION,
                    mode.name().toLowerCase(Locale.ROOT), IsolationVerifier.report(findings));
        }
    }
}
