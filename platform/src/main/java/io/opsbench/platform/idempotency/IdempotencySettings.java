package io.opsbench.platform.idempotency;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.idempotency.*}.
 *
 * @param retention how long a first response is kept and replayed
 * @param abandonAfter a claim still running after this long is taken to belong to a node that died,
 *     and the key may run again
 * @param purgeInterval how often expired records are deleted
 */
@ConfigurationProperties("opsbench.idempotency")
record IdempotencySettings(@DefaultValue("24h") Duration retention, @DefaultValue("5m") Duration abandonAfter,
        @DefaultValue("10m") Duration purgeInterval) {
}
