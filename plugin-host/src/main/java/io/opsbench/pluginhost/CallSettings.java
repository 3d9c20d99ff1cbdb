package io.opsbench.pluginhost;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on calls into a plugin version, per installation and in all.
 *
 * @param timeout how long a call may take, waiting for its installation's share included
 * @param concurrency calls of one installation that run at once (its share of the version's threads)
 * @param queueCapacity calls of one installation that may wait for one of those before further ones are rejected
 * @param breakerThreshold consecutive timeouts of one installation after which its calls are refused for a while
 * @param breakerCoolDown how long calls are refused once an installation's breaker opened
 * @param maxThreads calls of the plugin version that run at once while their callers wait, for all its installations
 *     together (a call whose caller gave up at its timeout no longer counts here, see {@link PluginCalls})
 * @param maxNodeThreads calls of all plugin versions that run at once, those whose callers gave up included: what
 *     bounds the threads plugins hold on a node
 */
public record CallSettings(Duration timeout, int concurrency, int queueCapacity, int breakerThreshold, Duration breakerCoolDown,
                           int maxThreads, int maxNodeThreads) {

    /** The default of {@link #maxThreads()}. */
    public static final int MAX_THREADS = 64;

    /** The default of {@link #maxNodeThreads()}. */
    public static final int MAX_NODE_THREADS = 1024;

    /**
     * 10 s timeout; per installation 4 calls running, 32 waiting, open after 3 timeouts for 30 s; 64 awaited calls a
     * version, 1,024 threads a node.
     */
    public static final CallSettings DEFAULTS = new CallSettings(Duration.ofSeconds(10), 4, 32, 3, Duration.ofSeconds(30));

    /**
     * Validates the settings.
     */
    public CallSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(breakerCoolDown, "breakerCoolDown");
        if (timeout.isNegative() || timeout.isZero() || concurrency < 1 || queueCapacity < 0 || breakerThreshold < 1
            || breakerCoolDown.isNegative() || maxThreads < concurrency || maxNodeThreads < maxThreads) {
            throw new IllegalArgumentException(
                "call settings must be positive, maxThreads at least concurrency and maxNodeThreads at least maxThreads");
        }
    }

    /**
     * Settings with {@link #MAX_THREADS} awaited calls a version (or {@code concurrency}, when that is more) and
     * {@link #MAX_NODE_THREADS} threads a node.
     *
     * @param timeout how long a call may take, waiting included
     * @param concurrency calls of one installation that run at once
     * @param queueCapacity calls of one installation that may wait
     * @param breakerThreshold consecutive timeouts of one installation that open its breaker
     * @param breakerCoolDown how long an open breaker refuses calls
     */
    public CallSettings(Duration timeout, int concurrency, int queueCapacity, int breakerThreshold, Duration breakerCoolDown) {
        this(timeout, concurrency, queueCapacity, breakerThreshold, breakerCoolDown, Math.max(MAX_THREADS, concurrency),
            Math.max(MAX_NODE_THREADS, concurrency));
    }

    /**
     * Settings with {@link #MAX_NODE_THREADS} threads a node (or {@code maxThreads}, when that is more).
     *
     * @param timeout how long a call may take, waiting included
     * @param concurrency calls of one installation that run at once
     * @param queueCapacity calls of one installation that may wait
     * @param breakerThreshold consecutive timeouts of one installation that open its breaker
     * @param breakerCoolDown how long an open breaker refuses calls
     * @param maxThreads calls of a version that run at once while their callers wait
     */
    public CallSettings(Duration timeout, int concurrency, int queueCapacity, int breakerThreshold, Duration breakerCoolDown,
            int maxThreads) {
        this(timeout, concurrency, queueCapacity, breakerThreshold, breakerCoolDown, maxThreads,
            Math.max(MAX_NODE_THREADS, maxThreads));
    }

    /**
     * These settings with another timeout.
     *
     * @param timeout the timeout
     * @return new settings
     */
    public CallSettings withTimeout(Duration timeout) {
        return new CallSettings(timeout, concurrency, queueCapacity, breakerThreshold, breakerCoolDown, maxThreads,
            maxNodeThreads);
    }
}
