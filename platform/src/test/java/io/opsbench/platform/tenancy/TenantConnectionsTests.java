package io.opsbench.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.opsbench.platform.web.ProblemException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A tenant's share of the pool: places handed on in line, waits turned away at max-wait, interrupts honoured. */
@Timeout(60)
class TenantConnectionsTests {

    private static final TenantId TENANT = TenantId.of(UUID.randomUUID());
    private static final TenantId OTHER = TenantId.of(UUID.randomUUID());
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A place taken on a thread of its own, as each request takes one (a thread's further ones are nested). */
    private static TenantConnections.Share take(TenantConnections shares, TenantId tenant) throws Exception {
        CompletableFuture<TenantConnections.Share> taken = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                taken.complete(acquireAs(shares, tenant));
            } catch (Throwable e) {
                taken.completeExceptionally(e);
            }
        });
        try {
            return taken.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw (Exception) e.getCause();
        }
    }

    private static TenantConnections.Share acquireAs(TenantConnections shares, TenantId tenant)
            throws SQLTransientConnectionException {
        TenantScope.bind(tenant);
        try {
            return shares.acquire();
        } finally {
            TenantScope.clear();
        }
    }

    private static TenantConnections shares(int max, Duration maxWait) {
        return new TenantConnections(new TenantConnectionSettings(max, maxWait));
    }

    @Test
    void aReleasedPlaceGoesToTheFirstInLineAndAWokenWaiterWithoutOneWaitsOn() throws Exception {
        TenantConnections shares = shares(2, WAIT);
        TenantConnections.Share a = take(shares, TENANT);
        TenantConnections.Share b = take(shares, TENANT);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Thread> waiters = new ArrayList<>();
            List<Future<TenantConnections.Share>> line = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                CompletableFuture<Thread> started = new CompletableFuture<>();
                line.add(threads.submit(() -> {
                    started.complete(Thread.currentThread());
                    return acquireAs(shares, TENANT);
                }));
                waiters.add(started.get());
                int inLine = i + 1;
                await().atMost(WAIT).until(() -> shares.waiting(TENANT) == inLine);
            }

            LockSupport.unpark(waiters.get(0)); // woken with no place to take
            Thread.sleep(50);
            assertThat(line).noneMatch(Future::isDone);
            assertThat(shares.waiting(TENANT)).isEqualTo(3);

            a.release();
            TenantConnections.Share first = line.get(0).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(shares.waiting(TENANT)).isEqualTo(2);
            assertThat(line.get(1).isDone()).isFalse();

            b.release();
            TenantConnections.Share second = line.get(1).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(shares.waiting(TENANT)).isEqualTo(1);
            assertThat(line.get(2).isDone()).isFalse();

            first.release();
            line.get(2).get(WAIT.toSeconds(), TimeUnit.SECONDS).release();
            second.release();
        }
    }

    @Test
    void aWaitPastMaxWaitIsTurnedAwayAsRateLimitedAndOtherTenantsAreNotHeldUp() throws Exception {
        TenantConnections shares = shares(2, Duration.ofMillis(400));
        take(shares, TENANT);
        take(shares, TENANT);

        long started = System.nanoTime();
        assertThatThrownBy(() -> take(shares, TENANT))
                .isInstanceOf(SQLTransientConnectionException.class)
                .hasCauseInstanceOf(ProblemException.class);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

        assertThat(waited).isBetween(400L, 5_000L);
        assertThat(shares.waiting(TENANT)).isZero();
        assertThat(take(shares, OTHER)).isNotNull();
    }

    @Test
    void noWaitAtAllWhenMaxWaitIsZero() throws Exception {
        TenantConnections shares = shares(1, Duration.ZERO);
        take(shares, TENANT);
        assertThatThrownBy(() -> take(shares, TENANT)).isInstanceOf(SQLTransientConnectionException.class);
        assertThat(shares.waiting(TENANT)).isZero();
    }

    @Test
    void anInterruptedWaiterGivesUpKeepsItsInterruptAndLeavesNoPlaceBehind() throws Exception {
        TenantConnections shares = shares(2, WAIT);
        TenantConnections.Share a = take(shares, TENANT);
        TenantConnections.Share b = take(shares, TENANT);
        CompletableFuture<Boolean> interruptedFlag = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            try {
                acquireAs(shares, TENANT);
                interruptedFlag.completeExceptionally(new AssertionError("got a place"));
            } catch (SQLTransientConnectionException e) {
                interruptedFlag.complete(Thread.currentThread().isInterrupted());
            }
        });
        await().atMost(WAIT).until(() -> shares.waiting(TENANT) == 1);
        waiter.interrupt();
        assertThat(interruptedFlag.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(shares.waiting(TENANT)).isZero();

        a.release();
        b.release();
        assertExactlyFree(shares, 2);
    }

    @Test
    void placesHandedToWaitersThatAreInterruptedOrTimeOutAreNeverLost() throws Exception {
        TenantConnections shares = shares(3, Duration.ofMillis(5));
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        AtomicInteger admitted = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            List<Thread> workers = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int i = 0; i < 32; i++) {
                running.add(threads.submit(() -> {
                    workers.add(Thread.currentThread());
                    for (int round = 0; round < 300; round++) {
                        TenantConnections.Share share;
                        try {
                            share = acquireAs(shares, TENANT);
                        } catch (SQLTransientConnectionException e) {
                            Thread.interrupted();
                            continue;
                        }
                        admitted.incrementAndGet();
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.yield();
                        inside.decrementAndGet();
                        share.release();
                        Thread.interrupted();
                    }
                    return null;
                }));
            }
            while (running.stream().anyMatch(f -> !f.isDone())) {
                synchronized (workers) {
                    if (!workers.isEmpty()) {
                        workers.get(ThreadLocalRandom.current().nextInt(workers.size())).interrupt();
                    }
                }
                Thread.sleep(0, 200_000);
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        assertThat(most.get()).isLessThanOrEqualTo(3);
        assertThat(admitted.get()).isPositive();
        assertThat(shares.waiting(TENANT)).isZero();
        assertExactlyFree(shares, 3);
    }

    @Test
    void nestedConnectionsOfOneThreadDoNotCountAndAReleaseCountsOnce() throws Exception {
        TenantConnections shares = shares(2, Duration.ofMillis(200));
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
        assertExactlyFree(shares, 2);
    }

    /** Exactly {@code places} can be taken at once: one more waits in line (or is turned away at max-wait). */
    private static void assertExactlyFree(TenantConnections shares, int places) throws Exception {
        List<TenantConnections.Share> held = new ArrayList<>();
        for (int i = 0; i < places; i++) {
            held.add(take(shares, TENANT));
        }
        CompletableFuture<TenantConnections.Share> extra = CompletableFuture.supplyAsync(() -> {
            try {
                return acquireAs(shares, TENANT);
            } catch (SQLTransientConnectionException e) {
                return null; // turned away: there was no free place
            }
        }, Executors.newVirtualThreadPerTaskExecutor());
        await().atMost(WAIT).until(() -> extra.isDone() || shares.waiting(TENANT) == 1);
        if (!extra.isDone()) {
            held.removeFirst().release();
            assertThat(extra.get(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the waiter given the freed place")
                    .isNotNull().isNotSameAs(TenantConnections.Share.NONE);
            held.add(extra.get());
        } else {
            assertThat(extra.get()).as("a place beyond the share").isNull();
        }
        held.forEach(TenantConnections.Share::release);
    }
}
