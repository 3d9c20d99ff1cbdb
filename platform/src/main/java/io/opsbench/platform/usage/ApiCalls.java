package io.opsbench.platform.usage;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.tenant.Plan;
import io.opsbench.platform.tenant.Tenant;
import io.opsbench.platform.tenant.Tenants;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The monthly {@code api_calls} meter. Calls are counted in memory and added to the database for
 * all tenants in one statement every {@code flush-interval}; a tenant's count is what the cluster had
 * recorded at this node's last flush plus what this node has not written yet.
 */
@Component
class ApiCalls {

    private static final Logger log = LoggerFactory.getLogger(ApiCalls.class);
    private static final long IDLE_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final UsageRepository repository;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final LoadingCache<Key, Counter> counters;
    private final LoadingCache<TenantId, Optional<Long>> quotas;

    ApiCalls(UsageRepository repository, Tenants tenants, TransactionTemplate transactions, UsageSettings settings,
            Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.clock = clock;
        this.counters = Caffeine.newBuilder().build(this::load);
        this.quotas = Caffeine.newBuilder()
                .expireAfterWrite(settings.quotaCacheTtl())
                .maximumSize(100_000)
                .build(tenant -> Optional.ofNullable(quota(tenants.get(tenant))));
    }

    record Key(TenantId tenant, String period) {
    }

    /** A tenant's month so far; {@code quota} null means unlimited. */
    record Usage(String period, long apiCalls, Long quota) {
    }

    static Long quota(Tenant tenant) {
        return tenant.monthlyApiCallQuota() != null ? tenant.monthlyApiCallQuota() : planDefault(tenant.plan());
    }

    static Long planDefault(Plan plan) {
        return switch (plan) {
            case STARTER -> 10_000L;
            case PRO -> 50_000L;
            case BUSINESS -> 500_000L;
            case ENTERPRISE -> null;
        };
    }

    Usage usage(TenantId tenant) {
        String period = period();
        return new Usage(period, counters.get(new Key(tenant, period)).total(), quotas.get(tenant).orElse(null));
    }

    /** Counts one call unless the month's quota is used up; answers the usage that refused it otherwise. */
    Optional<Usage> tryCount(TenantId tenant) {
        String period = period();
        Counter counter = counters.get(new Key(tenant, period));
        Long quota = quotas.get(tenant).orElse(null);
        counter.lastUsedNanos = System.nanoTime();
        if (quota == null) {
            counter.pending.incrementAndGet();
            return Optional.empty();
        }
        // Check and count in one step, so parallel requests on this node cannot pass the quota together.
        while (true) {
            long pending = counter.pending.get();
            long used = counter.flushed + counter.inFlight.get() + pending;
            if (used >= quota) {
                return Optional.of(new Usage(period, used, quota));
            }
            if (counter.pending.compareAndSet(pending, pending + 1)) {
                return Optional.empty();
            }
        }
    }

    @Scheduled(fixedDelayString = "${opsbench.usage.flush-interval:2s}")
    @PreDestroy
    void flush() {
        Map<String, Map<TenantId, Long>> byPeriod = new HashMap<>();
        Map<Key, Long> drained = new HashMap<>();
        long now = System.nanoTime();
        counters.asMap().forEach((key, counter) -> {
            long calls = counter.pending.get();
            if (calls > 0) {
                // In flight before it leaves pending: the count may briefly read high, never low.
                counter.inFlight.addAndGet(calls);
                counter.pending.addAndGet(-calls);
                drained.put(key, calls);
                byPeriod.computeIfAbsent(key.period(), p -> new HashMap<>()).put(key.tenant(), calls);
            } else if (now - counter.lastUsedNanos > IDLE_NANOS && counter.inFlight.get() == 0) {
                counters.invalidate(key);
            }
        });
        byPeriod.forEach((period, calls) -> {
            try {
                repository.add(period, calls).forEach((tenant, total) -> {
                    Counter counter = counters.getIfPresent(new Key(tenant, period));
                    if (counter != null) {
                        counter.flushed = total;
                        counter.inFlight.addAndGet(-drained.get(new Key(tenant, period)));
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Could not record API calls; will retry", e);
                calls.forEach((tenant, n) -> {
                    Counter counter = counters.getIfPresent(new Key(tenant, period));
                    if (counter != null) {
                        counter.pending.addAndGet(n);
                        counter.inFlight.addAndGet(-n);
                    }
                });
            }
        });
    }

    private Counter load(Key key) {
        long recorded = TenantScope.call(key.tenant(),
                () -> transactions.execute(tx -> repository.find(key.tenant(), key.period())));
        return new Counter(recorded);
    }

    private String period() {
        return YearMonth.now(clock.withZone(ZoneOffset.UTC)).toString();
    }

    private static final class Counter {

        final AtomicLong pending = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();
        volatile long flushed;
        volatile long lastUsedNanos = System.nanoTime();

        Counter(long flushed) {
            this.flushed = flushed;
        }

        long total() {
            return flushed + inFlight.get() + pending.get();
        }
    }
}
