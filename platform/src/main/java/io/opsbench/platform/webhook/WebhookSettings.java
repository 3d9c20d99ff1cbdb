package io.opsbench.platform.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.webhooks.*}.
 *
 * @param retrySchedule the waits between attempts (env {@code OPSBENCH_WEBHOOKS_RETRY_SCHEDULE}, e.g.
 *     {@code 1s,1s,1s}); the default makes 8 attempts over about a day. Each wait gets ±10 % jitter.
 * @param requestTimeout how long one delivery may take
 * @param lease how long a claimed delivery stays with its node before another may claim it
 * @param pollInterval how often a node looks for new events and due deliveries
 * @param batchSize events fanned out, and deliveries claimed, per poll
 * @param maxInFlight deliveries one node runs at once, each on its own virtual thread
 * @param maxInFlightPerEndpoint deliveries one node runs at once to one endpoint: a slow endpoint holds at most
 *     this many of the node's slots, and the claims pass over it while it is at its limit
 * @param maxInFlightPerTenant deliveries one node runs at once for one tenant, all its endpoints together: a
 *     tenant with several slow endpoints holds at most this many of the node's slots
 * @param disableAfter an endpoint failing without a single success for this long is disabled
 */
@ConfigurationProperties("opsbench.webhooks")
public record WebhookSettings(
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "8h", "8h"}) List<Duration> retrySchedule,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("256") int maxInFlight,
        @DefaultValue("64") int maxInFlightPerEndpoint,
        @DefaultValue("128") int maxInFlightPerTenant,
        @DefaultValue("3d") Duration disableAfter) {

    public WebhookSettings {
        if (maxInFlight < 1 || maxInFlightPerEndpoint < 1 || maxInFlightPerTenant < 1 || batchSize < 1) {
            throw new IllegalArgumentException("opsbench.webhooks: max-in-flight, max-in-flight-per-endpoint, "
                    + "max-in-flight-per-tenant and batch-size must be at least 1");
        }
    }

    int maxAttempts() {
        return retrySchedule.size() + 1;
    }
}
