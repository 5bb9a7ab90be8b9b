package org.rlstenancy.hibernate.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hibernate.boot.Metadata;
import org.hibernate.mapping.Table;
import org.rlstenancy.core.IsolationFinding;
import org.rlstenancy.core.IsolationVerifier;
import org.rlstenancy.core.RlsTenancyException;
import org.rlstenancy.hibernate.RlsMultiTenantConnectionProvider;
import org.rlstenancy.hibernate.RlsSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@value RlsSettings#VERIFICATION}: verifies the model's tables when the SessionFactory is built. */
final class IsolationCheck {
    private static final Logger log = LoggerFactory.getLogger(IsolationCheck.class);

    private IsolationCheck() {
    }

    static void run(Metadata metadata, RlsMultiTenantConnectionProvider provider, Map<String, Object> settings) {
        RlsSettings.Verification mode = RlsSettings.verification(settings);
        if (mode == RlsSettings.Verification.OFF) {
            return;
        }
        List<String> tables = new ArrayList<>();
        for (Table table : metadata.collectTableMappings()) {
            if (table.isPhysicalTable() && !table.isView() && !table.isAbstractUnionTable()) {
                tables.add(regclassName(table));
            }
        }
        List<IsolationFinding> findings;
        try {
            Connection connection = provider.getAnyConnection();
            try {
                findings = IsolationVerifier.of(provider.config(), RlsSettings.tenantColumn(settings))
                        .verify(connection, tables);
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
                    mode.name().toLowerCase(java.util.Locale.ROOT), IsolationVerifier.report(findings));
        }
    }

    /** The table as {@code regclass} reads it: quoted names kept, others folded by PostgreSQL. */
    private static String regclassName(Table table) {
        String name = table.isQuoted() ? "\"" + table.getName().replace("\"", "\"\"") + "\"" : table.getName();
        String schema = table.getSchema();
        if (schema == null) {
            return name;
        }
        return (table.getSchemaIdentifier().isQuoted() ? "\"" + schema.replace("\"", "\"\"") + "\"" : schema) + "."
                + name;
    }
}
