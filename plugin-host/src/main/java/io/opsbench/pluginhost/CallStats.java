package io.opsbench.pluginhost;

/**
 * Counters of one plugin version's calls, for the platform to publish as metrics.
 *
 * @param calls calls attempted, refused ones included
 * @param failures calls that did not return a result (errors, timeouts, rejections)
 * @param timeouts calls that took longer than the timeout
 * @param rejections calls refused by a full share or pool, or an open circuit
 * @param circuitOpen whether some installation's calls are being refused right now after repeated timeouts
 */
public record CallStats(long calls, long failures, long timeouts, long rejections, boolean circuitOpen) {

    /** No calls yet. */
    public static final CallStats NONE = new CallStats(0, 0, 0, 0, false);
}
