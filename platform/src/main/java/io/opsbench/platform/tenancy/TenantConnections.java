package io.opsbench.platform.tenancy;

import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Each tenant's share of the request pool on this node. A burst from one tenant (say, many creates
 * queued on its own ticket counter) would otherwise hold every pooled connection while it waits, and
 * every other tenant would wait with it. A thread that already holds one of its tenant's connections
 * gets further ones without counting them, so nested work cannot deadlock on its own share.
 */
final class TenantConnections {

    private static final int YIELDS_BEFORE_PARKING = 4;

    private final TenantConnectionSettings settings;
    private final Map<TenantId, Semaphore> shares = new ConcurrentHashMap<>();
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
        Semaphore share = shares.computeIfAbsent(tenant, t -> new Semaphore(settings.max()));
        if (!acquire(share)) {
            throw new SQLTransientConnectionException("Tenant " + tenant + " holds all " + settings.max()
                    + " of its database connections on this node", "08004", new ProblemException(
                    ProblemCode.RATE_LIMITED, "Too many of this tenant's requests are using the database at "
                    + "once; retry in a moment", List.of(),
                    Map.of("limit", "concurrent_database_connections", "max", settings.max())));
        }
        held[0]++;
        return new Share(share, held);
    }

    /**
     * Takes a permit, waiting up to {@code maxWait}. A tenant's connections mostly come free within a database
     * round trip, so a waiter first lets the other threads run a few times ({@link Thread#yield()}: on a virtual
     * thread, another one takes the carrier) before it parks with a deadline; a timed park of a virtual thread
     * arms and cancels a timer each time, which is what most waits cost otherwise.
     */
    private boolean acquire(Semaphore share) {
        for (int i = 0; i < YIELDS_BEFORE_PARKING; i++) {
            if (share.tryAcquire()) {
                return true;
            }
            Thread.yield();
        }
        try {
            return share.tryAcquire(settings.maxWait().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One connection's hold on its tenant's share, given back once when the connection closes. */
    static final class Share {

        static final Share NONE = new Share(null, null);

        private final Semaphore share;
        private final int[] held;
        private final AtomicBoolean released = new AtomicBoolean();

        private Share(Semaphore share, int[] held) {
            this.share = share;
            this.held = held;
        }

        void release() {
            if (share != null && released.compareAndSet(false, true)) {
                held[0]--;
                share.release();
            }
        }
    }
}
