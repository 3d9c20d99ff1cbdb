package io.opsbench.pluginhost;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits on calls into one plugin version.
 *
 * @param timeout how long a call may take, waiting in the queue included
 * @param concurrency threads of the plugin version's own pool (its bulkhead)
 * @param queueCapacity calls that may wait for a thread before further calls are rejected
 * @param breakerThreshold consecutive timeouts after which the version is not called for a while
 * @param breakerCoolDown how long calls are refused once the breaker opened
 */
public record CallSettings(Duration timeout, int concurrency, int queueCapacity, int breakerThreshold, Duration breakerCoolDown) {

    /** 10 s timeout, 4 threads, 32 waiting calls, open after 3 timeouts for 30 s. */
    public static final CallSettings DEFAULTS = new CallSettings(Duration.ofSeconds(10), 4, 32, 3, Duration.ofSeconds(30));

    /**
     * Validates the settings.
     */
    public CallSettings {
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(breakerCoolDown, "breakerCoolDown");
        if (timeout.isNegative() || timeout.isZero() || concurrency < 1 || queueCapacity < 0 || breakerThreshold < 1 || breakerCoolDown.isNegative()) {
            throw new IllegalArgumentException("call settings must be positive");
        }
    }

    /**
     * These settings with another timeout.
     *
     * @param timeout the timeout
     * @return new settings
     */
    public CallSettings withTimeout(Duration timeout) {
        return new CallSettings(timeout, concurrency, queueCapacity, breakerThreshold, breakerCoolDown);
    }
}
