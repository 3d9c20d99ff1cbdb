package io.opsbench.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.opsbench.platform.tenancy.TenantId;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class BucketsTests {

    private static final Instant WINDOW = Instant.parse("2026-11-23T12:00:00Z");

    private final AtomicLong nanos = new AtomicLong(1);
    private final TimeMeter time = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos.get();
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };
    private final TenantId tenant = TenantId.of(UUID.randomUUID());
    private final UUID key = UUID.randomUUID();

    /** The shared PostgreSQL counters, in memory: adds consumption and answers the totals. */
    private final Map<Buckets.Subject, Long> cluster = new HashMap<>();
    private final Function<List<Buckets.Consumption>, Map<Buckets.Subject, Long>> store = batch -> {
        Map<Buckets.Subject, Long> totals = new HashMap<>();
        batch.forEach(c -> totals.put(c.subject(), cluster.merge(c.subject(), c.consumed(), Long::sum)));
        return totals;
    };

    @Test
    void aKeyIsRefusedPastItsLimitUntilTheBucketRefills() {
        Buckets buckets = new Buckets(time);

        for (int i = 0; i < 60; i++) {
            assertThat(buckets.tryConsume(tenant, key, 60, 180).allowed()).isTrue();
        }
        Buckets.Decision refused = buckets.tryConsume(tenant, key, 60, 180);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo(60);
        assertThat(refused.remaining()).isZero();
        assertThat(refused.retryNanos()).isBetween(TimeUnit.MILLISECONDS.toNanos(999), TimeUnit.SECONDS.toNanos(1));
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(buckets.tryConsume(tenant, key, 60, 180).allowed()).isTrue();
    }

    @Test
    void theTenantTotalCapsAllItsKeysTogetherAndAnswersWithItsOwnLimit() {
        Buckets buckets = new Buckets(time);
        for (int k = 0; k < 3; k++) {
            UUID other = UUID.randomUUID();
            for (int i = 0; i < 10; i++) {
                assertThat(buckets.tryConsume(tenant, other, 10, 30).allowed()).isTrue();
            }
        }

        Buckets.Decision refused = buckets.tryConsume(tenant, key, 10, 30);

        assertThat(refused.allowed()).isFalse();
        assertThat(refused.limit()).isEqualTo(30);
        // The key's own token was given back: the tenant refused it, not the key.
        assertThat(buckets.available(Buckets.Subject.key(tenant, key))).isEqualTo(10);
    }

    @Test
    void headersReportTheMoreConstrainedBucket() {
        Buckets buckets = new Buckets(time);

        Buckets.Decision first = buckets.tryConsume(tenant, key, 10, 30);

        assertThat(first.limit()).isEqualTo(10);
        assertThat(first.remaining()).isEqualTo(9);
        assertThat(first.resetNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(6));
    }

    @Test
    void syncTakesWhatOtherNodesConsumedFromTheLocalBuckets() {
        Buckets nodeA = new Buckets(time);
        Buckets nodeB = new Buckets(time);
        nodeB.tryConsume(tenant, key, 100, 300);
        nodeB.sync(WINDOW, store);

        for (int i = 0; i < 40; i++) {
            nodeA.tryConsume(tenant, key, 100, 300);
        }
        nodeA.sync(WINDOW, store);
        nodeB.sync(WINDOW, store);

        assertThat(nodeB.available(Buckets.Subject.key(tenant, key))).isEqualTo(100 - 1 - 40);
        assertThat(nodeA.available(Buckets.Subject.key(tenant, key))).isEqualTo(100 - 1 - 40);
        assertThat(nodeB.available(Buckets.Subject.tenant(tenant))).isEqualTo(300 - 1 - 40);
        // A second sync with nothing new takes nothing more.
        nodeA.sync(WINDOW, store);
        nodeB.sync(WINDOW, store);
        assertThat(nodeB.available(Buckets.Subject.key(tenant, key))).isEqualTo(59);
    }

    @Test
    void twoNodesBurstingWithinOneSyncIntervalOvershootByAtMostOneBucketEachAndThenPayItBack() {
        Buckets nodeA = new Buckets(time);
        Buckets nodeB = new Buckets(time);
        int allowed = 0;
        for (int i = 0; i < 100; i++) {
            allowed += nodeA.tryConsume(tenant, key, 60, 180).allowed() ? 1 : 0;
            allowed += nodeB.tryConsume(tenant, key, 60, 180).allowed() ? 1 : 0;
        }
        assertThat(allowed).isEqualTo(2 * 60);

        nodeA.sync(WINDOW, store);
        nodeB.sync(WINDOW, store);
        nodeA.sync(WINDOW, store);

        // Each node now owes the other's 60: both refuse until the cluster has earned them back.
        assertThat(nodeA.available(Buckets.Subject.key(tenant, key))).isEqualTo(-60);
        assertThat(nodeB.available(Buckets.Subject.key(tenant, key))).isEqualTo(-60);
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
        assertThat(nodeA.tryConsume(tenant, key, 60, 180).allowed()).isFalse();
        nanos.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(nodeA.tryConsume(tenant, key, 60, 180).allowed()).isTrue();
    }

    @Test
    void aFailedSyncKeepsTheConsumptionForTheNextOne() {
        Buckets nodeA = new Buckets(time);
        Buckets nodeB = new Buckets(time);
        nodeB.tryConsume(tenant, key, 100, 300);
        nodeB.sync(WINDOW, store);
        for (int i = 0; i < 5; i++) {
            nodeA.tryConsume(tenant, key, 100, 300);
        }

        try {
            nodeA.sync(WINDOW, batch -> {
                throw new IllegalStateException("database down");
            });
        } catch (IllegalStateException expected) {
            // the caller logs and retries
        }
        nodeA.sync(WINDOW, store);
        nodeB.sync(WINDOW, store);

        assertThat(cluster.get(Buckets.Subject.key(tenant, key))).isEqualTo(6);
        assertThat(nodeB.available(Buckets.Subject.key(tenant, key))).isEqualTo(94);
    }

    @Test
    void aNewMinuteStartsTheClusterCountersAgain() {
        Buckets nodeA = new Buckets(time);
        Buckets nodeB = new Buckets(time);
        nodeA.tryConsume(tenant, key, 100, 300);
        nodeB.tryConsume(tenant, key, 100, 300);
        nodeA.sync(WINDOW, store);
        nodeB.sync(WINDOW, store);
        cluster.clear();
        Instant next = WINDOW.plusSeconds(60);

        nodeA.tryConsume(tenant, key, 100, 300);
        nodeA.sync(next, store);
        nodeB.sync(next, store);

        assertThat(nodeB.available(Buckets.Subject.key(tenant, key))).isEqualTo(100 - 2 - 1);
    }

    @Test
    void aChangedLimitReplacesTheBucketsConfiguration() {
        Buckets buckets = new Buckets(time);
        for (int i = 0; i < 5; i++) {
            buckets.tryConsume(tenant, key, 5, 15);
        }
        assertThat(buckets.tryConsume(tenant, key, 5, 15).allowed()).isFalse();

        Buckets.Decision raised = buckets.tryConsume(tenant, key, 300, 900);

        assertThat(raised.allowed()).isTrue();
        assertThat(raised.limit()).isEqualTo(300);
    }
}
