package io.opsbench.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.TimeMeter;
import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.tenancy.TenantId;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Two nodes' buckets reconciled through the real shared counters in PostgreSQL. */
class ClusterSyncIntegrationTests extends IntegrationTest {

    @Autowired
    RateLimitRepository repository;

    @Test
    void eachNodeTakesWhatTheOtherConsumedOutOfItsBuckets() {
        TenantId tenant = TenantId.of(newTenant("pro").id());
        UUID key = UUID.randomUUID();
        Instant window = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        Buckets nodeA = new Buckets(TimeMeter.SYSTEM_NANOTIME);
        Buckets nodeB = new Buckets(TimeMeter.SYSTEM_NANOTIME);
        nodeB.tryConsume(tenant, key, 1_000, 3_000);
        nodeB.sync(window, batch -> repository.add(window, batch));

        for (int i = 0; i < 400; i++) {
            nodeA.tryConsume(tenant, key, 1_000, 3_000);
        }
        nodeA.sync(window, batch -> repository.add(window, batch));
        nodeB.sync(window, batch -> repository.add(window, batch));
        nodeA.sync(window, batch -> repository.add(window, batch));

        // 1,000 per minute refill about one token per 60 ms while the test runs: allow a few.
        assertThat(nodeB.available(Buckets.Subject.key(tenant, key))).isBetween(599L, 620L);
        assertThat(nodeB.available(Buckets.Subject.tenant(tenant))).isBetween(2_599L, 2_620L);
        assertThat(nodeA.available(Buckets.Subject.key(tenant, key))).isBetween(599L, 620L);
        assertThat(repository.add(window, java.util.List.of(new Buckets.Consumption(Buckets.Subject.key(tenant, key),
                0)))).containsEntry(Buckets.Subject.key(tenant, key), 401L);
    }
}
