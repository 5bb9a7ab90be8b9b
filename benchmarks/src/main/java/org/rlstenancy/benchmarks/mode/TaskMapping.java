package org.rlstenancy.benchmarks.mode;

import java.time.Instant;
import java.util.UUID;

import org.rlstenancy.benchmarks.model.TaskRow;

/**
 * How a mode maps tasks: the entity, whether its queries name the tenant themselves, and how a new task is made.
 * The JPQL is built once here, so every mode runs the same query shapes.
 */
final class TaskMapping {
    /** Makes a new, unsaved task. */
    interface NewTask {
        TaskRow create(UUID tenant, long projectId, String title, Instant createdAt);
    }

    private final Class<? extends TaskRow> entity;
    private final boolean explicitTenant;
    private final NewTask newTask;
    private final String byId;
    private final String latest;
    private final String count;

    TaskMapping(Class<? extends TaskRow> entity, boolean explicitTenant, NewTask newTask) {
        this.entity = entity;
        this.explicitTenant = explicitTenant;
        this.newTask = newTask;
        String from = "from " + entity.getSimpleName() + " t";
        String tenantOnly = explicitTenant ? " where t.tenantId = :tenant" : "";
        this.byId = "select t " + from + " where t.id = :id" + (explicitTenant ? " and t.tenantId = :tenant" : "");
        this.latest = "select t " + from + tenantOnly + " order by t.createdAt desc, t.id desc";
        this.count = "select count(t) " + from + tenantOnly;
    }

    Class<? extends TaskRow> entity() {
        return entity;
    }

    /** Whether the queries bind {@code :tenant} themselves. */
    boolean explicitTenant() {
        return explicitTenant;
    }

    NewTask newTask() {
        return newTask;
    }

    /** The task with {@code :id}. */
    String byId() {
        return byId;
    }

    /** All tasks, newest first. */
    String latest() {
        return latest;
    }

    /** How many tasks there are. */
    String count() {
        return count;
    }
}
