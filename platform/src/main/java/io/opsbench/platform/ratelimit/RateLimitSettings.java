package io.opsbench.platform.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.rate-limits.*}.
 *
 * @param syncInterval how often a node adds its consumption to the cluster's counters and takes the
 *     other nodes' from its buckets; bounds how far a cluster overshoots
 * @param limitCacheTtl how long a tenant's limit is used without reading the tenant again; bounds how
 *     late an operator's override takes effect
 * @param tenantMultiple a tenant's total per minute, as a multiple of its per-key limit
 */
@ConfigurationProperties("opsbench.rate-limits")
record RateLimitSettings(@DefaultValue("200ms") Duration syncInterval, @DefaultValue("2s") Duration limitCacheTtl,
        @DefaultValue("3") int tenantMultiple) {
}
