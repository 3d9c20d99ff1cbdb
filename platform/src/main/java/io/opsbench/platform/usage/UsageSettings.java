package io.opsbench.platform.usage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.usage.*}.
 *
 * @param flushInterval how often a node adds its counted calls to the database, in one statement
 * @param quotaCacheTtl how long a tenant's quota is used without reading the tenant again; bounds how
 *     late an operator's override takes effect
 */
@ConfigurationProperties("opsbench.usage")
record UsageSettings(@DefaultValue("2s") Duration flushInterval, @DefaultValue("2s") Duration quotaCacheTtl) {
}
