package org.rlstenancy.spring;

import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.rlstenancy.core.CrossTenantDataSource;
import org.rlstenancy.core.TenantContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * JDBC over every tenant's rows, through a {@link CrossTenantDataSource}. Each call runs its work in a cross-tenant
 * scope ({@link TenantContext#crossTenant()}), in one transaction on one connection of the cross-tenant role:
 * committed when the work returns, rolled back when it throws, and read-only unless the data source may write.
 *
 * <pre>{@code
 * List<TaskCount> counts = crossTenantJdbc.call(jdbc -> jdbc
 *         .sql("SELECT tenant_id, count(*) FROM task GROUP BY tenant_id")
 *         .query(TaskCount.class).list());
 * }</pre>
 *
 * Inside the work, tenant data (repositories, Sessions, the application's {@code DataSource} through Hibernate) is
 * refused with {@link org.rlstenancy.core.CrossTenantScopeException}; outside it, so is the cross-tenant data source.
 * With {@code rls.tenancy.cross-tenant.url} set, the starter declares one; it is no {@code DataSource} bean, so the
 * application's own {@code DataSource}, JPA and {@code JdbcClient} stay on {@code spring.datasource.*}.
 */
public final class CrossTenantJdbc {
    private final CrossTenantDataSource dataSource;
    private final JdbcClient client;
    private final TransactionTemplate transactions;

    /**
     * JDBC over {@code dataSource}, in transactions that are read-only when it is.
     *
     * @param dataSource the cross-tenant data source
     */
    public CrossTenantJdbc(CrossTenantDataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.client = JdbcClient.create(dataSource);
        this.transactions = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        this.transactions.setReadOnly(dataSource.isReadOnly());
    }

    /**
     * The result of {@code work}, run as described above with a {@link JdbcClient} over the cross-tenant role.
     *
     * @param <T> the type of the result
     * @param work the queries and statements, given the client
     * @return what {@code work} returned, once the transaction has committed
     */
    public <T> T call(Function<JdbcClient, T> work) {
        return TenantContext.callCrossTenant(() -> transactions.execute(status -> work.apply(client)));
    }

    /**
     * Runs {@code work} as described above with a {@link JdbcClient} over the cross-tenant role.
     *
     * @param work the queries and statements, given the client
     */
    public void run(Consumer<JdbcClient> work) {
        call(jdbc -> {
            work.accept(jdbc);
            return null;
        });
    }

    /**
     * The cross-tenant data source, for other tools (a {@code JdbcTemplate}, jOOQ); it hands out connections only
     * inside a cross-tenant scope.
     *
     * @return the data source this was made with
     */
    public CrossTenantDataSource dataSource() {
        return dataSource;
    }
}
