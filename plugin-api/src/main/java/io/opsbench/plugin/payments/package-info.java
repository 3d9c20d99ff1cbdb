/**
 * The {@code payments} capability: charge a payment method and refund a charge. Amounts are in the
 * currency's minor unit (cents), never floating point.
 *
 * @since 1.0
 */
package io.opsbench.plugin.payments;
