package io.opsbench.platform.plugin;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.plugins.*}: how capability calls into plugins are bounded.
 *
 * @param callTimeout a call's deadline
 * @param concurrency calls of one installation that run at once on a node (its share of its version's threads)
 * @param queueCapacity calls of one installation that may wait for those before new ones are refused
 * @param breakerThreshold consecutive timeouts of one installation after which it is not called for
 *     {@code breakerCoolDown}
 * @param sweepInterval how often the node unloads versions no installation uses any more
 * @param suspendAfterFailures failed calls (errors or timeouts) in a row after which an installation is suspended
 * @param maxThreads calls of one loaded plugin version a node runs at once while their callers wait, for all its
 *     installations together (a call whose caller gave up at its timeout no longer counts)
 * @param maxNodeThreads threads all plugin calls may hold on a node, those whose callers gave up included
 */
@ConfigurationProperties("opsbench.plugins")
public record PluginSettings(@DefaultValue("10s") Duration callTimeout, @DefaultValue("4") int concurrency,
        @DefaultValue("32") int queueCapacity, @DefaultValue("3") int breakerThreshold,
        @DefaultValue("30s") Duration breakerCoolDown, @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("20") int suspendAfterFailures, @DefaultValue("64") int maxThreads,
        @DefaultValue("1024") int maxNodeThreads) {
}
