package org.rlstenancy.benchmarks.mode;

import java.sql.PreparedStatement;
import java.util.UUID;

import javax.sql.DataSource;

import org.hibernate.Session;
import org.rlstenancy.core.RlsConfig;

/**
 * {@link Mode#RLS_SEPARATE}: the common recipe for RLS. A plain Session on the application role's pool runs
 * {@value #SET_TENANT} as a statement of its own when each transaction begins.
 */
final class SeparateSetConfigMode extends HibernateMode {
    /** The statement run when each transaction begins. */
    static final String SET_TENANT = "select set_config('" + RlsConfig.DEFAULT_SETTING_NAME + "', ?, true)";

    SeparateSetConfigMode(DataSource appPool) {
        super(Mode.RLS_SEPARATE, RlsMode.MAPPING, SessionFactories.plainSettings(appPool));
    }

    @Override
    void transactionBegun(Session session, UUID tenant) {
        session.doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(SET_TENANT)) {
                statement.setString(1, tenant.toString());
                statement.execute();
            }
        });
    }
}
