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
 * @param disableAfter an endpoint failing without a single success for this long is disabled
 */
@ConfigurationProperties("opsbench.webhooks")
public record WebhookSettings(
        @DefaultValue({"5s", "5m", "30m", "2h", "5h", "8h", "8h"}) List<Duration> retrySchedule,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("250ms") Duration pollInterval,
        @DefaultValue("200") int batchSize,
        @DefaultValue("64") int maxInFlight,
        @DefaultValue("3d") Duration disableAfter) {

    int maxAttempts() {
        return retrySchedule.size() + 1;
    }
}
