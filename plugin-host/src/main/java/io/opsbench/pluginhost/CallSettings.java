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
 * @param maxThreads threads the plugin version's pool may have, for all its installations together
 */
public record CallSettings(Duration timeout, int concurrency, int queueCapacity, int breakerThreshold, Duration breakerCoolDown,
                           int maxThreads) {

    /** The default of {@link #maxThreads()}. */
    public static final int MAX_THREADS = 64;

    /** 10 s timeout; per installation 4 calls running, 32 waiting, open after 3 timeouts for 30 s; 64 threads a version. */
    public static final CallSettings DEFAULTS = new CallSettings(Duration.ofSeconds(10), 4, 32, 3, Duration.ofSeconds(30));

    /**
     * Validates the settings.
     */
    public CallSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(breakerCoolDown, "breakerCoolDown");
        if (timeout.isNegative() || timeout.isZero() || concurrency < 1 || queueCapacity < 0 || breakerThreshold < 1
            || breakerCoolDown.isNegative() || maxThreads < concurrency) {
            throw new IllegalArgumentException("call settings must be positive, and maxThreads at least concurrency");
        }
    }

    /**
     * Settings with {@link #MAX_THREADS} threads a version (or {@code concurrency}, when that is more).
     *
     * @param timeout how long a call may take, waiting included
     * @param concurrency calls of one installation that run at once
     * @param queueCapacity calls of one installation that may wait
     * @param breakerThreshold consecutive timeouts of one installation that open its breaker
     * @param breakerCoolDown how long an open breaker refuses calls
     */
    public CallSettings(Duration timeout, int concurrency, int queueCapacity, int breakerThreshold, Duration breakerCoolDown) {
        this(timeout, concurrency, queueCapacity, breakerThreshold, breakerCoolDown, Math.max(MAX_THREADS, concurrency));
    }

    /**
     * These settings with another timeout.
     *
     * @param timeout the timeout
     * @return new settings
     */
    public CallSettings withTimeout(Duration timeout) {
        return new CallSettings(timeout, concurrency, queueCapacity, breakerThreshold, breakerCoolDown, maxThreads);
    }
}
