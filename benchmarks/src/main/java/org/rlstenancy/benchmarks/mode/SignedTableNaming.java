package org.rlstenancy.benchmarks.mode;

import org.hibernate.boot.model.naming.Identifier;
import org.hibernate.boot.model.naming.PhysicalNamingStrategyStandardImpl;
import org.hibernate.engine.jdbc.env.spi.JdbcEnvironment;
import org.rlstenancy.benchmarks.data.TaskSchema;

/**
 * Maps the RLS table {@code task} to {@code task_signed}, so {@link Mode#RLS_SIGNED} runs the very entity and
 * queries of {@link Mode#RLS} on the table under the signed policy.
 */
final class SignedTableNaming extends PhysicalNamingStrategyStandardImpl {
    private static final long serialVersionUID = 1L;

    @Override
    public Identifier toPhysicalTableName(Identifier logicalName, JdbcEnvironment context) {
        return logicalName.getText().equals(TaskSchema.RLS_TABLE)
                ? Identifier.toIdentifier(TaskSchema.SIGNED_TABLE, logicalName.isQuoted()) : logicalName;
    }
}
