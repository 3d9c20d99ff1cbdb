package io.opsbench.plugin.ai;

/**
 * How soon a problem needs attention.
 *
 * @since 1.0
 */
public enum Urgency {
    /** Can wait for a convenient slot. */
    LOW,
    /** The usual queue. */
    NORMAL,
    /** Before other normal work. */
    HIGH,
    /** Safety risk or a stopped business: now. */
    URGENT
}
