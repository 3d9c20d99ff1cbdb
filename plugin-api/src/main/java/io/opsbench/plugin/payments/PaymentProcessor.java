package io.opsbench.plugin.payments;

import io.opsbench.plugin.PluginContext;
import org.pf4j.ExtensionPoint;

/**
 * Extension point of the {@code payments} capability.
 *
 * @since 1.0
 */
public interface PaymentProcessor extends ExtensionPoint {

    /**
     * Charges a payment method. The platform may repeat a call with the same idempotency key after a
     * timeout; the provider must then not charge twice.
     *
     * @param context the calling tenant's context
     * @param charge what to charge
     * @return the outcome; a declined card is a {@link PaymentStatus#FAILED} result, not an exception
     * @throws io.opsbench.plugin.PluginException when the provider could not be reached or answered nonsense
     * @since 1.0
     */
    PaymentResult charge(PluginContext context, Charge charge);

    /**
     * Refunds all or part of an earlier charge.
     *
     * @param context the calling tenant's context
     * @param refund what to refund
     * @return the outcome
     * @throws io.opsbench.plugin.PluginException when the provider could not be reached or answered nonsense
     * @since 1.0
     */
    PaymentResult refund(PluginContext context, Refund refund);
}
