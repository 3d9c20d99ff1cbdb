package io.opsbench.plugin.payments;

/**
 * Where a charge or refund stands.
 *
 * @since 1.0
 */
public enum PaymentStatus {
    /** The money moved. */
    SUCCEEDED,
    /** The provider accepted the request and will settle it later. */
    PENDING,
    /** The provider declined. */
    FAILED
}
