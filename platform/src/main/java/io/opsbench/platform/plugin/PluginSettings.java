package io.opsbench.platform.plugin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.plugins.*}: how capability calls into plugins are bounded.
 *
 * @param callTimeout a call's deadline
 * @param concurrency threads per loaded plugin version (its bulkhead)
 * @param queueCapacity calls that may wait for those threads before new ones are refused
 * @param breakerThreshold consecutive timeouts after which the version is not called for {@code breakerCoolDown}
 * @param sweepInterval how often the node unloads versions no installation uses any more
 * @param suspendAfterFailures failed calls (errors or timeouts) in a row after which an installation is suspended
 */
@ConfigurationProperties("opsbench.plugins")
public record PluginSettings(@DefaultValue("10s") Duration callTimeout, @DefaultValue("4") int concurrency,
        @DefaultValue("32") int queueCapacity, @DefaultValue("3") int breakerThreshold,
        @DefaultValue("30s") Duration breakerCoolDown, @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("20") int suspendAfterFailures) {
}
