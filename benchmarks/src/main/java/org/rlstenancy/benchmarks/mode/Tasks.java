package org.rlstenancy.benchmarks.mode;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.hibernate.Session;
import org.hibernate.query.SelectionQuery;
import org.rlstenancy.benchmarks.model.TaskRow;

/**
 * The benchmark's queries, within one transaction of one mode. Only the manual mode names the tenant in its
 * queries; in the others Hibernate's filter or the database's policy supplies it.
 */
public final class Tasks {
    private final Session session;
    private final TaskMapping mapping;
    private final UUID tenant;

    Tasks(Session session, TaskMapping mapping, UUID tenant) {
        this.session = session;
        this.mapping = mapping;
        this.tenant = tenant;
    }

    /** The tenant's task {@code id}, or null if the tenant has no such task. */
    public TaskRow find(long id) {
        return withTenant(session.createSelectionQuery(mapping.byId(), mapping.entity()).setParameter("id", id))
                .getSingleResultOrNull();
    }

    /** The tenant's {@code size} newest tasks, newest first (ties broken by id). */
    public List<? extends TaskRow> latest(int size) {
        return withTenant(session.createSelectionQuery(mapping.latest(), mapping.entity()))
                .setMaxResults(size)
                .getResultList();
    }

    /** How many tasks the tenant has. */
    public long count() {
        return withTenant(session.createSelectionQuery(mapping.count(), Long.class)).getSingleResult();
    }

    /** Saves a new task of the tenant, created now. */
    public TaskRow insert(long projectId, String title) {
        TaskRow task = mapping.newTask().create(tenant, projectId, title, Instant.now());
        session.persist(task);
        return task;
    }

    private <R> SelectionQuery<R> withTenant(SelectionQuery<R> query) {
        return mapping.explicitTenant() ? query.setParameter("tenant", tenant) : query;
    }
}
