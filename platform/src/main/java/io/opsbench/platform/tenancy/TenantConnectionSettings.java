package io.opsbench.platform.tenancy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.tenant-connections.*}: how much of the request pool one tenant may hold on a node.
 *
 * @param max  connections one tenant may hold at once (env {@code OPSBENCH_TENANT_CONNECTIONS_MAX}); keep it
 *             below {@code spring.datasource.hikari.maximum-pool-size} (10) so other tenants always find one
 * @param maxWait how long a tenant's request waits for one of its own connections to come free before it is
 *             answered {@code 429 rate_limited}
 */
@ConfigurationProperties("opsbench.tenant-connections")
public record TenantConnectionSettings(@DefaultValue("5") int max, @DefaultValue("2s") Duration maxWait) {
}
