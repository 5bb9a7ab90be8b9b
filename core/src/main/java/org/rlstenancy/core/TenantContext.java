package org.rlstenancy.core;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.rlstenancy.core.internal.CrossTenantScopes;
import org.rlstenancy.core.internal.TenantEventDispatch;

/**
 * The tenant of the current unit of work, bound to the current thread.
 *
 * <pre>{@code
 * try (TenantContext.Scope scope = TenantContext.bind(tenantId)) {
 *     repository.findAll();            // sees only tenantId's rows
 * }
 * }</pre>
 *
 * Scopes nest: closing one restores the tenant that was bound before it. The tenant is never inherited by new
 * threads (no {@link InheritableThreadLocal}, which leaves stale tenants on pooled threads); carry it
 * explicitly with {@link #wrap(Runnable)} and friends or a {@link #propagating(Executor)} executor. A wrapped
 * task runs with exactly the tenant captured when it was wrapped, or with none, whatever the worker thread
 * had before. Works the same on platform and virtual threads.
 *
 * <p>Work over every tenant runs in a cross-tenant scope instead, through a {@link CrossTenantDataSource}:
 *
 * <pre>{@code
 * long total = TenantContext.callCrossTenant(() -> countAllTasks(crossTenantDataSource));
 * }</pre>
 *
 * Inside one, no tenant is bound, and tenant work is refused with {@link CrossTenantScopeException}: a
 * {@link RlsDataSource}, a Hibernate Session or a statement on a tenant-bound connection never reads one tenant's
 * rows where the code means to read every tenant's. The innermost scope decides: a tenant bound inside a cross-tenant
 * scope applies until its own scope closes, and a cross-tenant scope opened inside a tenant's suspends that tenant.
 * A cross-tenant scope is not carried into other threads: {@link #wrap(Runnable)} captures no tenant there.
 *
 * <p>Reading or writing {@link SharedData shared data} (lookup tables with no tenant column) with no tenant runs in a
 * shared-data scope ({@link #sharedData()}), on connections that carry no tenant setting at all.
 *
 * <p>Each change of the bound tenant (a scope opening or closing, a wrapped task beginning or ending) is told to the
 * registered {@link org.rlstenancy.core.spi.TenantEventListener}s, on the thread it happens on.
 */
public final class TenantContext {
    private static final ThreadLocal<Scope> CURRENT = new ThreadLocal<>();

    private TenantContext() {
    }

    /**
     * Binds {@code tenantId} to the current thread until the returned scope is closed.
     *
     * @param tenantId the tenant, such as a {@link java.util.UUID}, a {@link Long} or its text
     * @return the scope to close, in try-with-resources, on the same thread
     * @throws InvalidTenantIdException if the id is null, or text that {@link TenantIdType#parse(String)} refuses
     *     whatever the type (empty, only white space, over-long, padded, or holding a control or format character, a
     *     line separator or a lone surrogate). Whether it is of the configured type is checked when a connection or
     *     Session is opened for it.
     */
    public static Scope bind(Object tenantId) {
        TenantIdType.checkWellFormed(tenantId);
        return open(tenantId, Kind.TENANT);
    }

    /**
     * Runs {@code work} with {@code tenantId} bound, then restores the previous tenant.
     *
     * @param tenantId the tenant, checked as by {@link #bind(Object)}
     * @param work the work to run on the current thread
     * @throws InvalidTenantIdException if the id is null or malformed, as for {@link #bind(Object)}; {@code work}
     *     does not run then
     */
    public static void runAs(Object tenantId, Runnable work) {
        TenantIdType.checkWellFormed(tenantId);
        within(tenantId, Kind.TENANT, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Calls {@code work} with {@code tenantId} bound, then restores the previous tenant.
     *
     * @param <T> the type of the result
     * @param tenantId the tenant, checked as by {@link #bind(Object)}
     * @param work the work to call on the current thread
     * @return what {@code work} returned
     * @throws InvalidTenantIdException if the id is null or malformed, as for {@link #bind(Object)}; {@code work}
     *     is not called then
     */
    public static <T> T callAs(Object tenantId, Supplier<T> work) {
        TenantIdType.checkWellFormed(tenantId);
        return within(tenantId, Kind.TENANT, work::get);
    }

    /**
     * Marks the current thread's work as cross-tenant until the returned scope is closed: only a
     * {@link CrossTenantDataSource} hands out connections in it, and no tenant is bound.
     *
     * @return the scope to close, in try-with-resources, on the same thread
     */
    public static Scope crossTenant() {
        return open(null, Kind.CROSS_TENANT);
    }

    /**
     * Runs {@code work} in a cross-tenant scope (see {@link #crossTenant()}), then restores what was bound.
     *
     * @param work the work to run on the current thread
     */
    public static void runCrossTenant(Runnable work) {
        within(null, Kind.CROSS_TENANT, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Calls {@code work} in a cross-tenant scope (see {@link #crossTenant()}), then restores what was bound.
     *
     * @param <T> the type of the result
     * @param work the work to call on the current thread
     * @return what {@code work} returned
     */
    public static <T> T callCrossTenant(Supplier<T> work) {
        return within(null, Kind.CROSS_TENANT, work::get);
    }

    /** {@return whether the innermost scope of the current thread is a cross-tenant one} */
    public static boolean isCrossTenant() {
        return kindOf(CURRENT.get()) == Kind.CROSS_TENANT;
    }

    /**
     * Marks the current thread's work as work on {@link SharedData shared data} until the returned scope is closed:
     * no tenant is bound, and connections carry no tenant setting at all, so shared tables (no tenant column, no
     * row-level security) read and write as usual while every tenant table shows no rows and refuses writes. A
     * Hibernate Session and an {@link RlsDataSource} hand out such connections only inside this scope, and their
     * statements run only inside it. Like a cross-tenant scope, it suspends a tenant bound before it, a tenant bound
     * inside it applies until its own scope closes, and it is not carried into other threads.
     *
     * @return the scope to close, in try-with-resources, on the same thread
     */
    public static Scope sharedData() {
        return open(null, Kind.SHARED_DATA);
    }

    /**
     * Runs {@code work} in a shared-data scope (see {@link #sharedData()}), then restores what was bound.
     *
     * @param work the work to run on the current thread
     */
    public static void runSharedData(Runnable work) {
        within(null, Kind.SHARED_DATA, () -> {
            work.run();
            return null;
        });
    }

    /**
     * Calls {@code work} in a shared-data scope (see {@link #sharedData()}), then restores what was bound.
     *
     * @param <T> the type of the result
     * @param work the work to call on the current thread
     * @return what {@code work} returned
     */
    public static <T> T callSharedData(Supplier<T> work) {
        return within(null, Kind.SHARED_DATA, work::get);
    }

    /** {@return whether the innermost scope of the current thread is a shared-data one} */
    public static boolean isSharedData() {
        return kindOf(CURRENT.get()) == Kind.SHARED_DATA;
    }

    /** {@return the tenant bound to the current thread, if any; empty inside a cross-tenant or shared-data scope} */
    public static Optional<Object> current() {
        return Optional.ofNullable(tenantOf(CURRENT.get()));
    }

    /**
     * The tenant bound to the current thread.
     *
     * @return the tenant id, as it was bound
     * @throws MissingTenantException if none is bound
     * @throws CrossTenantScopeException inside a cross-tenant scope
     */
    public static Object require() {
        Scope scope = CURRENT.get();
        if (kindOf(scope) == Kind.CROSS_TENANT) {
            throw CrossTenantScopes.tenantWorkInside();
        }
        Object tenantId = tenantOf(scope);
        if (tenantId == null) {
            TenantEventDispatch.missing();
            throw new MissingTenantException("No tenant is bound to thread '" + Thread.currentThread().getName()
                    + "': run the work inside TenantContext.bind(tenantId), runAs or callAs, or carry the tenant into"
                    + " this thread with TenantContext.wrap or TenantContext.propagating");
        }
        return tenantId;
    }

    /**
     * {@code task}, run with the tenant bound now (or with none, if none is bound now).
     *
     * @param task the task to hand to another thread
     * @return a task that runs {@code task} with the captured tenant, then restores what the running thread had
     */
    public static Runnable wrap(Runnable task) {
        Object captured = tenantOf(CURRENT.get());
        return () -> within(captured, Kind.TENANT, () -> {
            task.run();
            return null;
        });
    }

    /**
     * {@code task}, called with the tenant bound now (or with none, if none is bound now).
     *
     * @param <T> the type of the task's result
     * @param task the task to hand to another thread
     * @return a task that calls {@code task} with the captured tenant, then restores what the running thread had
     */
    public static <T> Callable<T> wrap(Callable<T> task) {
        Object captured = tenantOf(CURRENT.get());
        return () -> within(captured, Kind.TENANT, task::call);
    }

    /**
     * An executor that runs each task with the tenant bound on the thread that submitted it. Pass it to
     * {@code CompletableFuture.supplyAsync(supplier, executor)} and the {@code *Async(…, executor)} stages.
     *
     * @param executor the executor that runs the tasks
     * @return {@code executor} wrapped, or {@code executor} itself if it already propagates
     */
    public static Executor propagating(Executor executor) {
        return executor instanceof PropagatingExecutor ? executor : new PropagatingExecutor(executor);
    }

    /**
     * An executor service that runs each task with the tenant bound on the thread that submitted it.
     *
     * @param executor the executor service that runs the tasks, and that shutting down is passed on to
     * @return {@code executor} wrapped, or {@code executor} itself if it already propagates
     */
    public static ExecutorService propagating(ExecutorService executor) {
        return executor instanceof PropagatingExecutorService ? executor : new PropagatingExecutorService(executor);
    }

    private static Scope open(Object tenantId, Kind kind) {
        Scope scope = new Scope(Thread.currentThread(), tenantId, CURRENT.get(), kind);
        CURRENT.set(scope);
        tellBound(tenantId);
        return scope;
    }

    /**
     * Calls {@code work} with {@code tenantId} (or none) bound, or in a cross-tenant or shared-data scope, then puts
     * back exactly what the thread had, even if the work left scopes of its own open.
     */
    private static <T, X extends Exception> T within(Object tenantId, Kind kind, Work<T, X> work) throws X {
        Scope saved = CURRENT.get();
        CURRENT.set(new Scope(Thread.currentThread(), tenantId, saved, kind));
        tellBound(kind == Kind.TENANT ? tenantId : null);
        try {
            return work.call();
        } finally {
            restore(saved);
        }
    }

    /** Makes {@code scope} (or none) the current thread's again. */
    private static void restore(Scope scope) {
        if (scope == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(scope);
        }
        tellBound(tenantOf(scope));
    }

    private static void tellBound(Object tenantId) {
        if (TenantEventDispatch.active()) {
            TenantEventDispatch.bound(tenantId);
        }
    }

    @FunctionalInterface
    private interface Work<T, X extends Exception> {
        T call() throws X;
    }

    private static Object tenantOf(Scope scope) {
        return scope == null ? null : scope.tenantId;
    }

    private static Kind kindOf(Scope scope) {
        return scope == null ? Kind.TENANT : scope.kind;
    }

    private enum Kind { TENANT, CROSS_TENANT, SHARED_DATA }

    /**
     * A binding of a tenant, or a cross-tenant or shared-data scope; {@link #close()} restores what was bound before
     * it.
     */
    public static final class Scope implements AutoCloseable {
        private final Thread owner;
        private final Object tenantId;
        private final Scope previous;
        private final Kind kind;
        private boolean closed;

        private Scope(Thread owner, Object tenantId, Scope previous, Kind kind) {
            this.owner = owner;
            this.tenantId = tenantId;
            this.previous = previous;
            this.kind = kind;
        }

        /**
         * Restores the previously bound tenant, cross-tenant or shared-data scope (or none). Closing twice does nothing.
         *
         * @throws IllegalStateException if called from another thread than the one that bound it, or while a scope
         *     opened after this one is still open (scopes close in reverse order; the binding is left unchanged)
         */
        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalStateException("A TenantContext scope must be closed on the thread that opened it ("
                        + owner.getName() + "), not on " + Thread.currentThread().getName());
            }
            if (closed) {
                return;
            }
            if (CURRENT.get() != this) {
                throw new IllegalStateException("TenantContext scopes closed out of order: close the scope opened"
                        + " last first (try-with-resources does this)");
            }
            closed = true;
            restore(previous);
        }
    }

    private static class PropagatingExecutor implements Executor {
        final Executor delegate;

        PropagatingExecutor(Executor delegate) {
            this.delegate = delegate;
        }

        @Override
        public void execute(Runnable command) {
            delegate.execute(wrap(command));
        }
    }

    private static final class PropagatingExecutorService extends PropagatingExecutor implements ExecutorService {
        private final ExecutorService service;

        PropagatingExecutorService(ExecutorService service) {
            super(service);
            this.service = service;
        }

        private static <T> List<Callable<T>> wrapAll(Collection<? extends Callable<T>> tasks) {
            return tasks.stream().map(TenantContext::wrap).collect(Collectors.toList());
        }

        @Override
        public void shutdown() {
            service.shutdown();
        }

        @Override
        public List<Runnable> shutdownNow() {
            return service.shutdownNow();
        }

        @Override
        public boolean isShutdown() {
            return service.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return service.isTerminated();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return service.awaitTermination(timeout, unit);
        }

        @Override
        public <T> Future<T> submit(Callable<T> task) {
            return service.submit(wrap(task));
        }

        @Override
        public <T> Future<T> submit(Runnable task, T result) {
            return service.submit(wrap(task), result);
        }

        @Override
        public Future<?> submit(Runnable task) {
            return service.submit(wrap(task));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
            return service.invokeAll(wrapAll(tasks));
        }

        @Override
        public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException {
            return service.invokeAll(wrapAll(tasks), timeout, unit);
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
                throws InterruptedException, ExecutionException {
            return service.invokeAny(wrapAll(tasks));
        }

        @Override
        public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            return service.invokeAny(wrapAll(tasks), timeout, unit);
        }
    }
}
