package io.opsbench.platform.tenancy;

import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each tenant's share of the request pool on this node. A burst from one tenant (say, many creates
 * queued on its own ticket counter) would otherwise hold every pooled connection while it waits, and
 * every other tenant would wait with it. A thread that already holds one of its tenant's connections
 * gets further ones without counting them, so nested work cannot deadlock on its own share.
 *
 * <p>A request that finds its tenant's share taken waits in line, parked with no timer of its own: the thread
 * that gives a place back hands it to the first in line, and one sweeper, every {@link #SWEEP_INTERVAL} while anyone
 * waits, turns away those that have waited {@code max-wait} (their deadlines come in the order they queued). A virtual
 * thread's timed park instead hands a timer to the scheduler's delay thread, waking it to arm the timer and again
 * to cancel it: with 8 concurrent reads of one tenant on its 5 connections that was about 7% of a read's CPU.
 */
final class TenantConnections {

    private static final Logger log = LoggerFactory.getLogger(TenantConnections.class);

    private static final Duration SWEEP_INTERVAL = Duration.ofMillis(50);
    private static final ScheduledExecutorService SWEEPER = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("tenant-connections-sweeper").factory());

    private final TenantConnectionSettings settings;
    private final Map<TenantId, Gate> shares = new ConcurrentHashMap<>();
    /** Shares with someone in line: what the sweeper looks at. */
    private final Set<Gate> queued = ConcurrentHashMap.newKeySet();
    /** Whether a sweep is scheduled: only while someone is in line, so an idle node has no timer running. */
    private final AtomicBoolean sweeping = new AtomicBoolean();
    private final ThreadLocal<int[]> heldByThread = ThreadLocal.withInitial(() -> new int[1]);

    TenantConnections(TenantConnectionSettings settings) {
        if (settings.max() < 1) {
            throw new IllegalArgumentException("opsbench.tenant-connections.max must be at least 1");
        }
        this.settings = settings;
    }

    /** A share for the thread's tenant, or {@link Share#NONE} outside a tenant or when nested. */
    Share acquire() throws SQLTransientConnectionException {
        TenantId tenant = TenantScope.current().orElse(null);
        int[] held = heldByThread.get();
        if (tenant == null || held[0] > 0) {
            return Share.NONE;
        }
        Gate gate = shares.computeIfAbsent(tenant, t -> new Gate(settings.max()));
        if (!gate.enter(settings.maxWait().toNanos())) {
            throw new SQLTransientConnectionException("Tenant " + tenant + " holds all " + settings.max()
                    + " of its database connections on this node", "08004", new ProblemException(
                    ProblemCode.RATE_LIMITED, "Too many of this tenant's requests are using the database at "
                    + "once; retry in a moment", List.of(),
                    Map.of("limit", "concurrent_database_connections", "max", settings.max())));
        }
        held[0]++;
        return new Share(gate, held);
    }

    /** Number of requests of the tenant waiting in line for one of its connections. */
    int waiting(TenantId tenant) {
        Gate gate = shares.get(tenant);
        return gate == null ? 0 : gate.waiting();
    }

    private void sweepSoon() {
        if (sweeping.compareAndSet(false, true)) {
            SWEEPER.schedule(this::sweep, SWEEP_INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    /** Turns away whoever has waited past their deadline, and comes back while anyone is still in line. */
    private void sweep() {
        try {
            long now = System.nanoTime();
            for (Gate gate : queued) {
                gate.expire(now);
            }
        } catch (RuntimeException | Error e) {
            log.error("Could not turn away tenants' requests that waited past max-wait; trying again", e);
        } finally {
            sweeping.set(false);
            if (!queued.isEmpty()) {
                sweepSoon();
            }
        }
    }

    /** One tenant's places: how many are free, and who waits for one, first come first served. */
    private final class Gate {

        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<Waiter> line = new ArrayDeque<>();
        private int free;

        Gate(int places) {
            this.free = places;
        }

        /** Takes a place, waiting in line for {@code maxWait} nanoseconds at most. */
        boolean enter(long maxWait) {
            Waiter waiter;
            lock.lock();
            try {
                if (free > 0) {
                    free--;
                    return true;
                }
                if (maxWait <= 0) {
                    return false;
                }
                // Taken under the lock, so that deadlines are in the line's order and a sweep need only look at its head.
                waiter = new Waiter(Thread.currentThread(), System.nanoTime() + maxWait);
                if (line.isEmpty()) {
                    queued.add(this);
                }
                line.addLast(waiter);
            } finally {
                lock.unlock();
            }
            sweepSoon();
            while (true) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    return leave(waiter);
                }
                lock.lock();
                try {
                    if (waiter.state != Waiter.WAITING) {
                        return waiter.state == Waiter.ADMITTED;
                    }
                } finally {
                    lock.unlock();
                }
            }
        }

        /**
         * An interrupted waiter gives up, as a timed-out one does, and keeps its interrupt: it steps out of line,
         * or passes on the place it was handed meanwhile.
         */
        private boolean leave(Waiter waiter) {
            boolean handed;
            lock.lock();
            try {
                handed = waiter.state == Waiter.ADMITTED;
                if (waiter.state == Waiter.WAITING) {
                    line.remove(waiter);
                    forgetIfEmpty();
                }
                waiter.state = Waiter.TURNED_AWAY;
            } finally {
                lock.unlock();
            }
            if (handed) {
                exit();
            }
            Thread.currentThread().interrupt();
            return false;
        }

        /** Gives a place back: to the first in line, else to the free ones. */
        void exit() {
            Thread next = null;
            lock.lock();
            try {
                Waiter first = line.pollFirst();
                if (first == null) {
                    free++;
                } else {
                    first.state = Waiter.ADMITTED;
                    next = first.thread;
                    forgetIfEmpty();
                }
            } finally {
                lock.unlock();
            }
            if (next != null) {
                LockSupport.unpark(next);
            }
        }

        void expire(long now) {
            List<Thread> late = new ArrayList<>();
            lock.lock();
            try {
                for (Waiter first; (first = line.peekFirst()) != null && now - first.deadline >= 0; ) {
                    line.pollFirst();
                    first.state = Waiter.TURNED_AWAY;
                    late.add(first.thread);
                }
                forgetIfEmpty();
            } finally {
                lock.unlock();
            }
            late.forEach(LockSupport::unpark);
        }

        int waiting() {
            lock.lock();
            try {
                return line.size();
            } finally {
                lock.unlock();
            }
        }

        /** Called holding the lock: a gate with no one in line leaves the sweeper's set. */
        private void forgetIfEmpty() {
            if (line.isEmpty()) {
                queued.remove(this);
            }
        }
    }

    /** One thread in line; its state changes only under its gate's lock. */
    private static final class Waiter {

        static final int WAITING = 0;
        static final int ADMITTED = 1;
        static final int TURNED_AWAY = 2;

        final Thread thread;
        final long deadline;
        int state = WAITING;

        Waiter(Thread thread, long deadline) {
            this.thread = thread;
            this.deadline = deadline;
        }
    }

    /** One connection's hold on its tenant's share, given back once when the connection closes. */
    static final class Share {

        static final Share NONE = new Share(null, null);

        private final Gate gate;
        private final int[] held;
        private final AtomicBoolean released = new AtomicBoolean();

        private Share(Gate gate, int[] held) {
            this.gate = gate;
            this.held = held;
        }

        void release() {
            if (gate != null && released.compareAndSet(false, true)) {
                held[0]--;
                gate.exit();
            }
        }
    }
}
