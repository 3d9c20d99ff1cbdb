package io.opsbench.plugin.payments;

import java.util.Objects;

/**
 * The outcome of a charge or refund.
 *
 * @param status where it stands
 * @param providerReference the provider's reference, needed for refunds; may be {@code null} when failed
 * @param failureMessage why it failed, {@code null} unless {@code FAILED}
 * @since 1.0
 */
public record PaymentResult(PaymentStatus status, String providerReference, String failureMessage) {

    /**
     * Validates the result.
     *
     * @since 1.0
     */
    public PaymentResult {
        Objects.requireNonNull(status, "status");
        if (status != PaymentStatus.FAILED && providerReference == null) {
            throw new IllegalArgumentException("a " + status + " result needs a provider reference");
        }
        if (status == PaymentStatus.FAILED && failureMessage == null) {
            throw new IllegalArgumentException("a FAILED result needs a failure message");
        }
    }

    /**
     * A settled payment.
     *
     * @param providerReference the provider's reference
     * @return the result
     * @since 1.0
     */
    public static PaymentResult succeeded(String providerReference) {
        return new PaymentResult(PaymentStatus.SUCCEEDED, providerReference, null);
    }

    /**
     * An accepted payment that settles later.
     *
     * @param providerReference the provider's reference
     * @return the result
     * @since 1.0
     */
    public static PaymentResult pending(String providerReference) {
        return new PaymentResult(PaymentStatus.PENDING, providerReference, null);
    }

    /**
     * A declined payment.
     *
     * @param providerReference the provider's reference, or {@code null}
     * @param failureMessage why, for people
     * @return the result
     * @since 1.0
     */
    public static PaymentResult failed(String providerReference, String failureMessage) {
        return new PaymentResult(PaymentStatus.FAILED, providerReference, failureMessage);
    }
}
