package io.opsbench.plugin.payments;

import java.util.Objects;

/**
 * A refund of an earlier charge.
 *
 * @param providerReference the provider's reference of the charge
 * @param amountMinor the amount to refund in the currency's minor unit, positive
 * @param currency the charge's ISO 4217 currency
 * @since 1.0
 */
public record Refund(String providerReference, long amountMinor, String currency) {

    /**
     * Validates the refund.
     *
     * @since 1.0
     */
    public Refund {
        Objects.requireNonNull(providerReference, "providerReference");
        Currencies.check(currency, amountMinor);
    }
}
