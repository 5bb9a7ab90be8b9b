package org.rlstenancy.benchmarks.mode;

import javax.sql.DataSource;
import org.rlstenancy.benchmarks.model.ManualTask;

/** {@link Mode#MANUAL}: the application filters on its own tenant field; Hibernate knows nothing of tenants. */
final class ManualMode extends HibernateMode {

    ManualMode(DataSource appPool) {
        super(Mode.MANUAL, new TaskMapping(ManualTask.class, true, ManualTask::new),
                SessionFactories.plainSettings(appPool));
    }
}
