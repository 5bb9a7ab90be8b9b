package org.rlstenancy.benchmarks;

import java.util.List;
import java.util.Locale;
import java.util.random.RandomGenerator;

import org.rlstenancy.benchmarks.data.TenantIds.Tenant;
import org.rlstenancy.benchmarks.mode.TenancyMode;
import org.rlstenancy.benchmarks.model.TaskRow;

/** What one transaction does. Each checks its answer, so a mode that sees the wrong rows fails the run. */
public enum Workload {
    /** Reads one of the tenant's tasks by id. */
    POINT {
        @Override
        public void run(TenancyMode mode, Tenant tenant, RandomGenerator random) {
            long id = tenant.randomTaskId(random);
            requireFound(mode.inTransaction(tenant.id(), tasks -> tasks.find(id)), mode, tenant, id);
        }
    },
    /** Reads the tenant's {@value #PAGE_SIZE} newest tasks. */
    PAGE {
        @Override
        public void run(TenancyMode mode, Tenant tenant, RandomGenerator random) {
            List<? extends TaskRow> page = mode.inTransaction(tenant.id(), tasks -> tasks.latest(PAGE_SIZE));
            if (page.size() != PAGE_SIZE) {
                throw new IllegalStateException(mode.mode().label() + ": a page of tenant " + tenant.id() + " has "
                        + page.size() + " tasks, not " + PAGE_SIZE);
            }
        }
    },
    /** Adds a task to the tenant. */
    INSERT {
        @Override
        public void run(TenancyMode mode, Tenant tenant, RandomGenerator random) {
            long projectId = 1 + random.nextInt(50);
            mode.inTransaction(tenant.id(), tasks -> tasks.insert(projectId, "new task"));
        }
    },
    /** Reads one of the tenant's tasks by id, flips {@code done} and renames it; the commit writes it. */
    UPDATE {
        @Override
        public void run(TenancyMode mode, Tenant tenant, RandomGenerator random) {
            long id = tenant.randomTaskId(random);
            String title = "task " + id + " edited " + random.nextInt(1000);
            mode.inTransaction(tenant.id(), tasks -> {
                TaskRow task = requireFound(tasks.find(id), mode, tenant, id);
                task.setDone(!task.isDone());
                task.setTitle(title);
                return task;
            });
        }
    },
    /** 70% {@link #POINT}, 20% {@link #PAGE}, 5% {@link #INSERT}, 5% {@link #UPDATE}. */
    MIXED {
        @Override
        public void run(TenancyMode mode, Tenant tenant, RandomGenerator random) {
            int dice = random.nextInt(100);
            Workload chosen = dice < 70 ? POINT : dice < 90 ? PAGE : dice < 95 ? INSERT : UPDATE;
            chosen.run(mode, tenant, random);
        }
    };

    /** Rows per page. */
    public static final int PAGE_SIZE = 20;

    /** Runs one transaction of this workload for {@code tenant} in {@code mode}. */
    public abstract void run(TenancyMode mode, Tenant tenant, RandomGenerator random);

    /** The name printed in reports, such as {@code point}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    private static TaskRow requireFound(TaskRow task, TenancyMode mode, Tenant tenant, long id) {
        if (task == null) {
            throw new IllegalStateException(mode.mode().label() + ": task " + id + " of tenant " + tenant.id()
                    + " was not found");
        }
        return task;
    }
}
