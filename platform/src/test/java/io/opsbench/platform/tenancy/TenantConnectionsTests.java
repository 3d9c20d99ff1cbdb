package io.opsbench.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.platform.web.ProblemException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A tenant's share of the pool: places handed on in line, waits turned away at max-wait, interrupts honoured. */
class TenantConnectionsTests {

    private static final TenantId TENANT = TenantId.of(UUID.randomUUID());
    private static final TenantId OTHER = TenantId.of(UUID.randomUUID());

    private final TenantConnections shares = new TenantConnections(
            new TenantConnectionSettings(2, Duration.ofMillis(400)));

    /** A place taken on a thread of its own, as each request takes one (a thread's further ones are nested). */
    private TenantConnections.Share take(TenantId tenant) throws Exception {
        CompletableFuture<TenantConnections.Share> taken = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                taken.complete(acquireAs(tenant));
            } catch (Throwable e) {
                taken.completeExceptionally(e);
            }
        });
        try {
            return taken.get();
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private TenantConnections.Share acquireAs(TenantId tenant) throws SQLTransientConnectionException {
        TenantScope.bind(tenant);
        try {
            return shares.acquire();
        } finally {
            TenantScope.clear();
        }
    }

    @Test
    void aReleasedPlaceGoesToTheFirstInLine() throws Exception {
        TenantConnections.Share a = take(TENANT);
        TenantConnections.Share b = take(TENANT);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<TenantConnections.Share>> line = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                line.add(threads.submit(() -> acquireAs(TENANT)));
                Thread.sleep(30); // in line in this order
            }
            Thread.sleep(50);
            assertThat(line).noneMatch(Future::isDone);

            a.release();
            TenantConnections.Share first = line.get(0).get(1, TimeUnit.SECONDS);
            Thread.sleep(50);
            assertThat(line.get(1).isDone()).isFalse();
            assertThat(line.get(2).isDone()).isFalse();

            b.release();
            TenantConnections.Share second = line.get(1).get(1, TimeUnit.SECONDS);
            Thread.sleep(50);
            assertThat(line.get(2).isDone()).isFalse();

            first.release();
            line.get(2).get(1, TimeUnit.SECONDS).release();
            second.release();
        }
    }

    @Test
    void aWaitPastMaxWaitIsTurnedAwayAsRateLimitedAndOtherTenantsAreNotHeldUp() throws Exception {
        take(TENANT);
        take(TENANT);

        long started = System.nanoTime();
        assertThatThrownBy(() -> take(TENANT))
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasCauseInstanceOf(ProblemException.class);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(waited).isBetween(400L, 400L + 3 * TenantConnections.SWEEP_INTERVAL.toMillis() + 200);
        assertThat(take(OTHER)).isNotNull();
    }

    @Test
    void anInterruptedWaiterGivesUpKeepsItsInterruptAndLeavesNoPlaceBehind() throws Exception {
        TenantConnections.Share a = take(TENANT);
        TenantConnections.Share b = take(TENANT);
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> interruptedFlag = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            started.countDown();
            try {
                acquireAs(TENANT);
                interruptedFlag.completeExceptionally(new AssertionError("got a place"));
            } catch (SQLTransientConnectionException e) {
                interruptedFlag.complete(Thread.currentThread().isInterrupted());
            }
        });
        started.await();
        Thread.sleep(50);
        waiter.interrupt();
        assertThat(interruptedFlag.get(1, TimeUnit.SECONDS)).isTrue();

        a.release();
        b.release();
        TenantConnections.Share c = take(TENANT);
        TenantConnections.Share d = take(TENANT);
        long before = System.nanoTime();
        assertThatThrownBy(() -> take(TENANT)).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before)).isGreaterThanOrEqualTo(400);
        c.release();
        d.release();
    }

    @Test
    void nestedConnectionsOfOneThreadDoNotCountAndAReleaseCountsOnce() throws Exception {
        TenantScope.bind(TENANT);
        try {
            TenantConnections.Share outer = shares.acquire();
            TenantConnections.Share nested = shares.acquire();
            assertThat(nested).isSameAs(TenantConnections.Share.NONE);
            outer.release();
            outer.release();
        } finally {
            TenantScope.clear();
        }
        TenantConnections.Share a = take(TENANT);
        TenantConnections.Share b = take(TENANT);
        assertThatThrownBy(() -> take(TENANT)).isInstanceOf(SQLTransientConnectionException.class);
        a.release();
        b.release();
    }

    @Test
    void manyRequestsOfOneTenantNeverHoldMoreThanItsShare() throws Exception {
        TenantConnections roomy = new TenantConnections(new TenantConnectionSettings(3, Duration.ofSeconds(30)));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                threads.submit(() -> {
                    for (int round = 0; round < 200; round++) {
                        TenantScope.bind(TENANT);
                        TenantConnections.Share share;
                        try {
                            share = roomy.acquire();
                        } finally {
                            TenantScope.clear();
                        }
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                        share.release();
                    }
                    done.incrementAndGet();
                    return null;
                });
            }
        }
        assertThat(done.get()).isEqualTo(64);
        assertThat(most.get()).isEqualTo(3);
    }
}
