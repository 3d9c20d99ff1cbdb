package io.opsbench.platform.ratelimit;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.opsbench.platform.tenancy.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * This node's token buckets, one per API key and one per tenant, each holding a minute's worth of
 * calls and refilled continuously. The request path only touches memory. {@link #sync} reconciles
 * the cluster: it hands what this node consumed since the last sync to a shared per-minute counter
 * and takes from each local bucket what the other nodes consumed meanwhile, so every node's bucket
 * follows the cluster's consumption one sync interval late.
 */
final class Buckets {

    static final String TENANT_SUBJECT = "tenant";
    private static final Duration IDLE = Duration.ofMinutes(2);

    private final TimeMeter time;
    private final Map<Subject, Entry> entries = new ConcurrentHashMap<>();

    Buckets(TimeMeter time) {
        this.time = time;
    }

    /** A bucket's owner: the tenant in total ({@code tenant}) or one of its keys ({@code key:<id>}). */
    record Subject(TenantId tenant, String name) {

        static Subject tenant(TenantId tenant) {
            return new Subject(tenant, TENANT_SUBJECT);
        }

        static Subject key(TenantId tenant, UUID keyId) {
            return new Subject(tenant, "key:" + keyId);
        }
    }

    /**
     * The answer for one request, from the more constrained of the two buckets.
     *
     * @param resetNanos until that bucket is full again
     * @param retryNanos until a refused request could pass (0 when allowed)
     */
    record Decision(boolean allowed, long limit, long remaining, long resetNanos, long retryNanos) {
    }

    /** This node's consumption of one bucket since the last sync. */
    record Consumption(Subject subject, long consumed) {
    }

    Decision tryConsume(TenantId tenant, UUID keyId, long keyLimit, long tenantLimit) {
        Entry key = entry(Subject.key(tenant, keyId), keyLimit);
        ConsumptionProbe byKey = key.bucket.tryConsumeAndReturnRemaining(1);
        if (!byKey.isConsumed()) {
            return refused(keyLimit, byKey);
        }
        Entry total = entry(Subject.tenant(tenant), tenantLimit);
        ConsumptionProbe byTenant = total.bucket.tryConsumeAndReturnRemaining(1);
        if (!byTenant.isConsumed()) {
            key.bucket.addTokens(1);
            return refused(tenantLimit, byTenant);
        }
        key.unsynced.incrementAndGet();
        total.unsynced.incrementAndGet();
        return byKey.getRemainingTokens() <= byTenant.getRemainingTokens()
                ? allowed(keyLimit, byKey) : allowed(tenantLimit, byTenant);
    }

    /**
     * Reconciles with the cluster's totals of the given minute. {@code store} adds each bucket's
     * consumption to the shared counter and answers the cluster's total per bucket.
     */
    void sync(Instant window, Function<List<Consumption>, Map<Subject, Long>> store) {
        long now = time.currentTimeNanos();
        entries.entrySet().removeIf(e -> e.getValue().unsynced.get() == 0
                && now - e.getValue().lastUsedNanos > IDLE.toNanos());
        List<Consumption> batch = new ArrayList<>();
        Map<Subject, Long> drained = new java.util.HashMap<>();
        entries.forEach((subject, entry) -> {
            long consumed = entry.unsynced.getAndSet(0);
            drained.put(subject, consumed);
            batch.add(new Consumption(subject, consumed));
        });
        if (batch.isEmpty()) {
            return;
        }
        Map<Subject, Long> totals;
        try {
            totals = store.apply(batch);
        } catch (RuntimeException e) {
            drained.forEach((subject, consumed) -> {
                Entry entry = entries.get(subject);
                if (entry != null) {
                    entry.unsynced.addAndGet(consumed);
                }
            });
            throw e;
        }
        totals.forEach((subject, total) -> {
            Entry entry = entries.get(subject);
            if (entry == null) {
                return;
            }
            long seen = window.equals(entry.window) ? entry.seenTotal : 0;
            long others = total - seen - drained.getOrDefault(subject, 0L);
            if (others > 0) {
                entry.bucket.consumeIgnoringRateLimits(Math.min(others, entry.limit * 2));
            }
            entry.window = window;
            entry.seenTotal = total;
        });
    }

    long available(Subject subject) {
        Entry entry = entries.get(subject);
        return entry == null ? -1 : entry.bucket.getAvailableTokens();
    }

    private Entry entry(Subject subject, long limit) {
        Entry entry = entries.computeIfAbsent(subject, s -> new Entry(newBucket(limit), limit));
        if (entry.limit != limit) {
            synchronized (entry) {
                if (entry.limit != limit) {
                    entry.bucket.replaceConfiguration(configuration(limit), TokensInheritanceStrategy.ADDITIVE);
                    entry.limit = limit;
                }
            }
        }
        entry.lastUsedNanos = time.currentTimeNanos();
        return entry;
    }

    private Bucket newBucket(long limit) {
        return Bucket.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)))
                .withCustomTimePrecision(time)
                .build();
    }

    private static BucketConfiguration configuration(long limit) {
        return BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit).refillGreedy(limit, Duration.ofMinutes(1)))
                .build();
    }

    private static Decision allowed(long limit, ConsumptionProbe probe) {
        return new Decision(true, limit, Math.max(0, probe.getRemainingTokens()), probe.getNanosToWaitForReset(), 0);
    }

    private static Decision refused(long limit, ConsumptionProbe probe) {
        return new Decision(false, limit, 0, probe.getNanosToWaitForReset(),
                Math.max(1, probe.getNanosToWaitForRefill()));
    }

    private static final class Entry {

        final Bucket bucket;
        final AtomicLong unsynced = new AtomicLong();
        volatile long limit;
        volatile long lastUsedNanos;
        // Only the single sync thread reads and writes these.
        Instant window;
        long seenTotal;

        Entry(Bucket bucket, long limit) {
            this.bucket = bucket;
            this.limit = limit;
        }
    }
}
