package org.rlstenancy.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TenantContextTest {
    private static final long WAIT_SECONDS = 30;

    private ExecutorService pool;

    @BeforeEach
    void setUp() {
        assertThat(TenantContext.current()).isEmpty();
        pool = Executors.newFixedThreadPool(4);
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(TenantContext.current()).as("tenant leaked out of the test").isEmpty();
    }

    @Test
    void nestedScopesRestoreTheOuterTenantAndNoneAfterTheOutermostCloses() {
        try (TenantContext.Scope outer = TenantContext.bind("outer")) {
            assertThat(TenantContext.current()).contains("outer");
            try (TenantContext.Scope inner = TenantContext.bind("inner")) {
                assertThat(TenantContext.current()).contains("inner");
                assertThat(TenantContext.require()).isEqualTo("inner");
            }
            assertThat(TenantContext.current()).contains("outer");
        }
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void closingAScopeTwiceIsHarmless() {
        try (TenantContext.Scope outer = TenantContext.bind("outer")) {
            TenantContext.Scope inner = TenantContext.bind("inner");
            inner.close();
            assertThat(TenantContext.current()).contains("outer");

            try (TenantContext.Scope other = TenantContext.bind("other")) {
                inner.close();
                assertThat(TenantContext.current()).contains("other");
            }
            inner.close();
            assertThat(TenantContext.current()).contains("outer");
        }
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void closingAScopeOnAnotherThreadThrowsIllegalStateException() throws Exception {
        try (TenantContext.Scope scope = TenantContext.bind("t1")) {
            Future<?> closing = pool.submit(() -> {
                scope.close();
                return null;
            });

            assertThatThrownBy(() -> closing.get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalStateException.class)
                    .cause().hasMessageContaining(Thread.currentThread().getName());
            assertThat(TenantContext.current()).contains("t1");
        }
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void runAsBindsTheTenantAndRestoresThePreviousOne() {
        AtomicReference<Optional<Object>> seen = new AtomicReference<>();
        try (TenantContext.Scope outer = TenantContext.bind("outer")) {
            TenantContext.runAs("t1", () -> seen.set(TenantContext.current()));
            assertThat(seen.get()).contains("t1");
            assertThat(TenantContext.current()).contains("outer");
        }
        TenantContext.runAs("t2", () -> seen.set(TenantContext.current()));
        assertThat(seen.get()).contains("t2");
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void runAsRestoresThePreviousTenantWhenTheWorkThrows() {
        try (TenantContext.Scope outer = TenantContext.bind("outer")) {
            assertThatThrownBy(() -> TenantContext.runAs("t1", () -> {
                throw new IllegalArgumentException("boom");
            })).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
            assertThat(TenantContext.current()).contains("outer");
        }
        assertThatThrownBy(() -> TenantContext.runAs("t1", () -> {
            throw new IllegalArgumentException("boom");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void callAsBindsTheTenantReturnsTheResultAndRestoresThePreviousOne() {
        try (TenantContext.Scope outer = TenantContext.bind("outer")) {
            Object result = TenantContext.callAs("t1", TenantContext::require);
            assertThat(result).isEqualTo("t1");
            assertThat(TenantContext.current()).contains("outer");
        }
        assertThat(TenantContext.callAs(42L, TenantContext::require)).isEqualTo(42L);
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void callAsRestoresThePreviousTenantWhenTheWorkThrows() {
        try (TenantContext.Scope outer = TenantContext.bind("outer")) {
            assertThatThrownBy(() -> TenantContext.callAs("t1", () -> {
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class).hasMessage("boom");
            assertThat(TenantContext.current()).contains("outer");
        }
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void requireWithNoTenantBoundThrowsMissingTenantExceptionPointingAtBind() {
        assertThatThrownBy(TenantContext::require)
                .isInstanceOf(MissingTenantException.class)
                .hasMessageContaining("TenantContext.bind")
                .hasMessageContaining(Thread.currentThread().getName());
    }

    @Test
    void aCrossTenantScopeBindsNoTenantAndRefusesTenantWorkUntilItCloses() {
        try (TenantContext.Scope tenant = TenantContext.bind("outer")) {
            try (TenantContext.Scope crossTenant = TenantContext.crossTenant()) {
                assertThat(TenantContext.isCrossTenant()).isTrue();
                assertThat(TenantContext.current()).isEmpty();
                assertThatThrownBy(TenantContext::require).isInstanceOf(CrossTenantScopeException.class)
                        .hasMessageContaining("cross-tenant scope").hasMessageContaining("CrossTenantDataSource");
            }
            assertThat(TenantContext.isCrossTenant()).isFalse();
            assertThat(TenantContext.require()).isEqualTo("outer");
        }
        assertThat(TenantContext.isCrossTenant()).isFalse();
    }

    @Test
    void theInnermostScopeDecidesBetweenATenantAndCrossTenantWork() {
        try (TenantContext.Scope crossTenant = TenantContext.crossTenant()) {
            try (TenantContext.Scope tenant = TenantContext.bind("inner")) {
                assertThat(TenantContext.isCrossTenant()).isFalse();
                assertThat(TenantContext.require()).isEqualTo("inner");
            }
            assertThat(TenantContext.isCrossTenant()).isTrue();
            assertThat(TenantContext.callAs("t1", TenantContext::require)).isEqualTo("t1");
            assertThat(TenantContext.isCrossTenant()).isTrue();
        }
    }

    @Test
    void runCrossTenantAndCallCrossTenantRestoreWhatWasBoundAlsoWhenTheWorkThrows() {
        try (TenantContext.Scope outer = TenantContext.bind("outer")) {
            assertThat(TenantContext.callCrossTenant(TenantContext::isCrossTenant)).isTrue();
            assertThatThrownBy(() -> TenantContext.runCrossTenant(() -> {
                throw new IllegalStateException("boom");
            })).hasMessage("boom");
            assertThat(TenantContext.require()).isEqualTo("outer");
        }
        TenantContext.runCrossTenant(() -> assertThat(TenantContext.current()).isEmpty());
        assertThat(TenantContext.isCrossTenant()).isFalse();
    }

    @Test
    void aCrossTenantScopeClosedOutOfOrderThrowsAndStays() {
        try (TenantContext.Scope crossTenant = TenantContext.crossTenant()) {
            TenantContext.Scope tenant = TenantContext.bind("inner");
            assertThatThrownBy(crossTenant::close).isInstanceOf(IllegalStateException.class);
            tenant.close();
            assertThat(TenantContext.isCrossTenant()).isTrue();
        }
    }

    @Test
    void aCrossTenantScopeIsNotCarriedIntoOtherThreads() throws Exception {
        Callable<List<Object>> wrapped = TenantContext.callCrossTenant(() -> TenantContext.wrap(
                (Callable<List<Object>>) () -> List.of(TenantContext.isCrossTenant(),
                        TenantContext.current().orElse("none"))));
        assertThat(pool.submit(wrapped).get(WAIT_SECONDS, TimeUnit.SECONDS)).containsExactly(false, "none");
        Future<Boolean> submitted = TenantContext.callCrossTenant(() -> TenantContext.propagating(pool)
                .submit(TenantContext::isCrossTenant));
        assertThat(submitted.get(WAIT_SECONDS, TimeUnit.SECONDS)).isFalse();
        assertThat(TenantContext.callCrossTenant(() -> {
            try {
                return wrapped.call();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        })).as("run on this thread inside a cross-tenant scope").containsExactly(false, "none");
    }

    static Stream<Arguments> malformedTenantIds() {
        return Stream.of(
                Arguments.of("null", null),
                Arguments.of("empty", ""),
                Arguments.of("blank", "  "),
                Arguments.of("control character", "acme\u0000corp"),
                Arguments.of("129 characters", "a".repeat(129)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTenantIds")
    void bindRejectsMalformedTenantIds(String description, Object tenantId) {
        assertThatThrownBy(() -> TenantContext.bind(tenantId)).isInstanceOf(InvalidTenantIdException.class);
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void bindAcceptsATenantIdOfExactlyTheMaximumLength() {
        String longest = "a".repeat(TenantIdType.MAX_LENGTH);
        try (TenantContext.Scope scope = TenantContext.bind(longest)) {
            assertThat(TenantContext.current()).contains(longest);
        }
    }

    @Test
    void wrappedRunnableRunsOnAnotherThreadWithTheTenantCapturedAtWrapTime() throws Exception {
        AtomicReference<Optional<Object>> seen = new AtomicReference<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        Runnable wrapped;
        try (TenantContext.Scope scope = TenantContext.bind("captured")) {
            wrapped = TenantContext.wrap((Runnable) () -> {
                ranOn.set(Thread.currentThread());
                seen.set(TenantContext.current());
            });
        }
        try (TenantContext.Scope later = TenantContext.bind("later")) {
            pool.submit(wrapped).get(WAIT_SECONDS, TimeUnit.SECONDS);
        }

        assertThat(ranOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(seen.get()).contains("captured");
    }

    @Test
    void wrappedCallableRunsOnAnotherThreadWithTheTenantCapturedAtWrapTime() throws Exception {
        UUID tenant = UUID.randomUUID();
        Callable<Object> wrapped;
        try (TenantContext.Scope scope = TenantContext.bind(tenant)) {
            wrapped = TenantContext.wrap((Callable<Object>) () -> List.of(Thread.currentThread(),
                    TenantContext.require()));
        }

        Object result = pool.submit(wrapped).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertThat(result).isInstanceOf(List.class);
        List<?> values = (List<?>) result;
        assertThat(values.get(0)).isNotSameAs(Thread.currentThread());
        assertThat(values.get(1)).isEqualTo(tenant);
    }

    @Test
    void wrappedTaskCapturedWithNoTenantClearsAStaleTenantOnThePoolThreadAndThenRestoresIt() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            single.submit(() -> {
                TenantContext.bind("stale");
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(single.submit(TenantContext::current).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .contains("stale");

            AtomicReference<Optional<Object>> seenByRunnable = new AtomicReference<>();
            Runnable wrappedRunnable = TenantContext.wrap((Runnable) () -> seenByRunnable.set(TenantContext.current()));
            Callable<Optional<Object>> wrappedCallable = TenantContext.wrap((Callable<Optional<Object>>) TenantContext::current);

            single.submit(wrappedRunnable).get(WAIT_SECONDS, TimeUnit.SECONDS);
            Optional<Object> seenByCallable = single.submit(wrappedCallable).get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertThat(seenByRunnable.get()).isEmpty();
            assertThat(seenByCallable).isEmpty();
            assertThat(single.submit(TenantContext::current).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .contains("stale");
        } finally {
            single.shutdownNow();
            assertThat(single.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void wrappedTaskCapturedWithATenantOverridesAStaleTenantOnThePoolThread() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            single.submit(() -> {
                TenantContext.bind("stale");
            }).get(WAIT_SECONDS, TimeUnit.SECONDS);

            Callable<Optional<Object>> wrapped;
            try (TenantContext.Scope scope = TenantContext.bind("fresh")) {
                wrapped = TenantContext.wrap((Callable<Optional<Object>>) TenantContext::current);
            }

            assertThat(single.submit(wrapped).get(WAIT_SECONDS, TimeUnit.SECONDS)).contains("fresh");
            assertThat(single.submit(TenantContext::current).get(WAIT_SECONDS, TimeUnit.SECONDS))
                    .contains("stale");
        } finally {
            single.shutdownNow();
            assertThat(single.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void propagatingExecutorCarriesTheSubmittersTenant() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        AtomicReference<Optional<Object>> seen = new AtomicReference<>();
        try (TenantContext.Scope scope = TenantContext.bind("t-exec")) {
            TenantContext.propagating((java.util.concurrent.Executor) pool).execute(() -> {
                seen.set(TenantContext.current());
                done.countDown();
            });
        }

        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(seen.get()).contains("t-exec");
    }

    @Test
    void propagatingExecutorServiceSubmitRunnableCarriesTheSubmittersTenant() throws Exception {
        ExecutorService propagating = TenantContext.propagating(pool);
        AtomicReference<Optional<Object>> seen = new AtomicReference<>();
        Future<?> future;
        Future<String> futureWithResult;
        AtomicReference<Optional<Object>> seenWithResult = new AtomicReference<>();
        try (TenantContext.Scope scope = TenantContext.bind("t-run")) {
            future = propagating.submit(() -> seen.set(TenantContext.current()));
            futureWithResult = propagating.submit(() -> seenWithResult.set(TenantContext.current()), "done");
        }

        future.get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(futureWithResult.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("done");
        assertThat(seen.get()).contains("t-run");
        assertThat(seenWithResult.get()).contains("t-run");
    }

    @Test
    void propagatingExecutorServiceSubmitCallableCarriesTheSubmittersTenant() throws Exception {
        ExecutorService propagating = TenantContext.propagating(pool);
        Future<Object> future;
        try (TenantContext.Scope scope = TenantContext.bind("t-call")) {
            future = propagating.submit(TenantContext::require);
        }

        assertThat(future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("t-call");
    }

    @Test
    void propagatingExecutorServiceInvokeAllCarriesTheSubmittersTenantToEveryTask() throws Exception {
        ExecutorService propagating = TenantContext.propagating(pool);
        List<Callable<Object>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(TenantContext::require);
        }

        List<Future<Object>> futures;
        try (TenantContext.Scope scope = TenantContext.bind("t-all")) {
            futures = propagating.invokeAll(tasks);
        }

        assertThat(futures).hasSize(8);
        for (Future<Object> future : futures) {
            assertThat(future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("t-all");
        }
    }

    @Test
    void propagatingExecutorServiceInvokeAnyCarriesTheSubmittersTenant() throws Exception {
        ExecutorService propagating = TenantContext.propagating(pool);
        List<Callable<Object>> tasks = List.of(TenantContext::require, TenantContext::require);

        Object result;
        try (TenantContext.Scope scope = TenantContext.bind("t-any")) {
            result = propagating.invokeAny(tasks);
        }

        assertThat(result).isEqualTo("t-any");
    }

    @Test
    void propagatingDoesNotWrapAnAlreadyPropagatingExecutorAgain() {
        ExecutorService propagating = TenantContext.propagating(pool);

        assertThat(TenantContext.propagating(propagating)).isSameAs(propagating);
        assertThat(TenantContext.propagating((java.util.concurrent.Executor) propagating)).isSameAs(propagating);
    }

    @Test
    void completableFutureSupplyAsyncOnAPropagatingExecutorSeesTheTenant() throws Exception {
        CompletableFuture<Object> future;
        try (TenantContext.Scope scope = TenantContext.bind("t-cf")) {
            future = CompletableFuture.supplyAsync(TenantContext::require, TenantContext.propagating(pool));
        }

        assertThat(future.get(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("t-cf");
    }

    @Test
    void newThreadsDoNotInheritTheTenant() throws Exception {
        AtomicReference<Optional<Object>> seen = new AtomicReference<>();
        try (TenantContext.Scope scope = TenantContext.bind("parent")) {
            Thread child = new Thread(() -> seen.set(TenantContext.current()));
            child.start();
            child.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
            assertThat(child.isAlive()).isFalse();
        }

        assertThat(seen.get()).isNotNull().isEmpty();
    }

    @Test
    void concurrentThreadsEachSeeOnlyTheirOwnTenant() throws Exception {
        int threads = 16;
        int iterations = 1000;
        ExecutorService many = Executors.newFixedThreadPool(threads);
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String tenant = "tenant-" + t;
                futures.add(many.submit(() -> {
                    start.await();
                    int checks = 0;
                    for (int i = 0; i < iterations; i++) {
                        try (TenantContext.Scope outer = TenantContext.bind(tenant)) {
                            Object seen = TenantContext.require();
                            if (!tenant.equals(seen)) {
                                mismatches.add(tenant + " saw " + seen);
                            }
                            String nested = tenant + "/" + i;
                            try (TenantContext.Scope inner = TenantContext.bind(nested)) {
                                if (!nested.equals(TenantContext.require())) {
                                    mismatches.add(nested + " saw " + TenantContext.require());
                                }
                            }
                            if (!tenant.equals(TenantContext.require())) {
                                mismatches.add(tenant + " after nested saw " + TenantContext.require());
                            }
                            checks++;
                        }
                        if (TenantContext.current().isPresent()) {
                            mismatches.add(tenant + " leaked " + TenantContext.current().get());
                        }
                    }
                    return checks;
                }));
            }
            start.countDown();

            int total = 0;
            for (Future<Integer> future : futures) {
                total += future.get(WAIT_SECONDS * 4, TimeUnit.SECONDS);
            }
            assertThat(total).isEqualTo(threads * iterations);
            assertThat(mismatches).isEmpty();
        } finally {
            many.shutdownNow();
            assertThat(many.awaitTermination(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void virtualThreadsSeeAWrappedTenantAndNoneOtherwise() throws Exception {
        Method ofVirtual;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException e) {
            Assumptions.assumeTrue(false, "virtual threads need Java 21 or later");
            return;
        }
        Object builder = ofVirtual.invoke(null);
        Method unstarted = Class.forName("java.lang.Thread$Builder").getMethod("unstarted", Runnable.class);
        Method isVirtual = Thread.class.getMethod("isVirtual");

        AtomicReference<Optional<Object>> wrappedSaw = new AtomicReference<>();
        AtomicReference<Optional<Object>> plainSaw = new AtomicReference<>();
        AtomicReference<Boolean> ranVirtual = new AtomicReference<>();
        Thread wrappedThread;
        Thread plainThread;
        try (TenantContext.Scope scope = TenantContext.bind("t-virtual")) {
            wrappedThread = (Thread) unstarted.invoke(builder, TenantContext.wrap((Runnable) () -> {
                wrappedSaw.set(TenantContext.current());
                try {
                    ranVirtual.set((Boolean) isVirtual.invoke(Thread.currentThread()));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }));
            plainThread = (Thread) unstarted.invoke(builder, (Runnable) () -> plainSaw.set(TenantContext.current()));
            wrappedThread.start();
            plainThread.start();
        }
        wrappedThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
        plainThread.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));

        assertThat(wrappedThread.isAlive()).isFalse();
        assertThat(plainThread.isAlive()).isFalse();
        assertThat(ranVirtual.get()).isTrue();
        assertThat(wrappedSaw.get()).contains("t-virtual");
        assertThat(plainSaw.get()).isNotNull().isEmpty();
    }

    @Test
    void closingAnOuterScopeWhileAnInnerIsOpenFailsAndKeepsTheInnerTenant() {
        TenantContext.Scope outer = TenantContext.bind("outer");
        TenantContext.Scope inner = TenantContext.bind("inner");
        assertThatThrownBy(outer::close)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("out of order");
        assertThat(TenantContext.current()).contains("inner");
        inner.close();
        assertThat(TenantContext.current()).contains("outer");
        outer.close();
        assertThat(TenantContext.current()).isEmpty();
    }

    @Test
    void workThatLeavesAScopeOpenDoesNotLeaveItsTenantOnTheThread() throws Exception {
        ExecutorService single = Executors.newSingleThreadExecutor();
        try {
            ExecutorService propagating = TenantContext.propagating(single);
            try (TenantContext.Scope ignored = TenantContext.bind("submitter")) {
                propagating.submit(() -> {
                    TenantContext.bind("leaked");
                }).get();
            }
            assertThat(single.submit(TenantContext::current).get()).isEmpty();
            TenantContext.runAs("outer", () -> TenantContext.bind("leaked too"));
            assertThat(TenantContext.current()).isEmpty();
        } finally {
            single.shutdownNow();
        }
    }
}
