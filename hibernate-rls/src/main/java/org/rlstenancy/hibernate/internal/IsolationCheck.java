package org.rlstenancy.hibernate.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hibernate.SessionFactory;
import org.hibernate.SessionFactoryObserver;
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
final class IsolationCheck implements SessionFactoryObserver {
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

    @Override
    public void sessionFactoryCreated(SessionFactory factory) {
        ModelTables model = ModelTables.of((SessionFactoryImplementor) factory);
        IsolationVerifier verifier = IsolationVerifier.of(provider.config(), tenantColumn);
        List<IsolationFinding> findings;
        try {
            Connection connection = provider.getAnyConnection();
            try {
                findings = model.findings(connection, verifier, tenantColumn);
            } finally {
                provider.releaseAnyConnection(connection);
            }
        } catch (SQLException e) {
            throw new RlsTenancyException("Could not verify tenant isolation (" + RlsSettings.VERIFICATION + "): "
                    + e.getMessage(), e);
        }
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
