package org.rlstenancy.benchmarks.mode;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.hibernate.Session;
import org.hibernate.SessionFactory;
import org.hibernate.Transaction;

/** A mode as a SessionFactory: one Session and one transaction per unit of work. */
abstract class HibernateMode implements TenancyMode {
    private final Mode mode;
    private final TaskMapping mapping;
    private final SessionFactory sessionFactory;

    HibernateMode(Mode mode, TaskMapping mapping, Map<String, Object> settings) {
        this.mode = mode;
        this.mapping = mapping;
        this.sessionFactory = SessionFactories.build(settings, mapping.entity());
    }

    @Override
    public Mode mode() {
        return mode;
    }

    @Override
    public <T> T inTransaction(UUID tenant, Function<Tasks, T> work) {
        try (Session session = openSession(sessionFactory, tenant)) {
            Transaction transaction = session.beginTransaction();
            try {
                transactionBegun(session, tenant);
                T result = work.apply(new Tasks(session, mapping, tenant));
                transaction.commit();
                return result;
            } catch (RuntimeException e) {
                if (transaction.isActive()) {
                    transaction.rollback();
                }
                throw e;
            }
        }
    }

    /** A Session for work as {@code tenant}; a plain Session where the mode applies the tenant itself. */
    Session openSession(SessionFactory factory, UUID tenant) {
        return factory.openSession();
    }

    /** Runs right after each transaction begins, before the work. */
    void transactionBegun(Session session, UUID tenant) {
    }

    @Override
    public void close() {
        sessionFactory.close();
    }
}
