package io.opsbench.platform.ratelimit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.github.bucket4j.TimeMeter;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenant.Plan;
import io.opsbench.platform.tenant.Tenant;
import io.opsbench.platform.tenant.Tenants;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Tenants' request rates: each key may make its limit per minute (the plan's, or the operator's
 * override), the tenant in total {@code tenant-multiple} times that. Decided in memory on this node;
 * reconciled with the other nodes through PostgreSQL every {@code sync-interval}.
 */
@Component
class RateLimits {

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    private static final Duration KEEP_WINDOWS = Duration.ofMinutes(5);

    private final Buckets buckets = new Buckets(TimeMeter.SYSTEM_NANOTIME);
    private final LoadingCache<TenantId, Long> limits;
    private final RateLimitRepository repository;
    private final RateLimitSettings settings;
    private final Clock clock;
    private Instant lastPurge = Instant.EPOCH;

    RateLimits(Tenants tenants, RateLimitRepository repository, RateLimitSettings settings, Clock clock) {
        this.repository = repository;
        this.settings = settings;
        this.clock = clock;
        this.limits = Caffeine.newBuilder()
                .expireAfterWrite(settings.limitCacheTtl())
                .maximumSize(100_000)
                .build(tenant -> perMinute(tenants.get(tenant)));
    }

    static long perMinute(Tenant tenant) {
        if (tenant.rateLimitPerMinute() != null) {
            return tenant.rateLimitPerMinute();
        }
        return planDefault(tenant.plan());
    }

    static long planDefault(Plan plan) {
        return switch (plan) {
            case STARTER -> 60;
            case PRO -> 300;
            case BUSINESS -> 1_000;
            case ENTERPRISE -> 5_000;
        };
    }

    Buckets.Decision tryConsume(TenantId tenant, UUID keyId) {
        long perKey = limits.get(tenant);
        return buckets.tryConsume(tenant, keyId, perKey, perKey * settings.tenantMultiple());
    }

    @Scheduled(fixedDelayString = "${opsbench.rate-limits.sync-interval:200ms}")
    void sync() {
        Instant now = clock.instant();
        Instant window = now.truncatedTo(ChronoUnit.MINUTES);
        try {
            buckets.sync(window, batch -> repository.add(window, batch));
            if (Duration.between(lastPurge, now).compareTo(Duration.ofMinutes(1)) > 0) {
                repository.purgeBefore(window.minus(KEEP_WINDOWS));
                lastPurge = now;
            }
        } catch (RuntimeException e) {
            log.warn("Could not reconcile rate limits with the cluster; will retry", e);
        }
    }
}
