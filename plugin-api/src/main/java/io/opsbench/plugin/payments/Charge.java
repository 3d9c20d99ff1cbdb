package io.opsbench.plugin.payments;

import java.util.Objects;

/**
 * A charge to make.
 *
 * @param amountMinor the amount in the currency's minor unit, positive
 * @param currency an ISO 4217 code, e.g. {@code EUR}
 * @param paymentMethodToken the provider's token for the card or account
 * @param description what the customer pays for, shown on statements where supported
 * @param idempotencyKey a key that makes repeating this charge safe
 * @since 1.0
 */
public record Charge(long amountMinor, String currency, String paymentMethodToken, String description, String idempotencyKey) {

    /**
     * Validates the charge.
     *
     * @since 1.0
     */
    public Charge {
        Currencies.check(currency, amountMinor);
        Objects.requireNonNull(paymentMethodToken, "paymentMethodToken");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }

    @Override
    public String toString() {
        // The token is a credential for the customer's card.
        return "Charge[" + amountMinor + " " + currency + ", description=" + description + ", idempotencyKey=" + idempotencyKey + "]";
    }
}
