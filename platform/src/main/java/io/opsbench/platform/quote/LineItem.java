package io.opsbench.platform.quote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.UUID;

/**
 * One line of a quote with its computed amounts: {@code subtotal = quantity × unit_price} and
 * {@code tax = subtotal × tax_rate_bps / 10000}, each rounded half-up to the minor unit, and
 * {@code total = subtotal + tax}. The quote's totals are the sums of its lines' rounded amounts.
 */
public record LineItem(String description, BigDecimal quantity, long unitPrice, int taxRateBps, UUID partId,
        long subtotal, long tax, long total) {

    private static final BigDecimal BASIS_POINTS = BigDecimal.valueOf(10_000);

    static LineItem priced(String description, BigDecimal quantity, long unitPrice, int taxRateBps, UUID partId) {
        long subtotal = quantity.multiply(BigDecimal.valueOf(unitPrice)).setScale(0, RoundingMode.HALF_UP)
                .longValueExact();
        long tax = BigDecimal.valueOf(subtotal).multiply(BigDecimal.valueOf(taxRateBps))
                .divide(BASIS_POINTS, 0, RoundingMode.HALF_UP).longValueExact();
        return new LineItem(description, quantity.stripTrailingZeros().scale() < 0
                ? quantity.setScale(0) : quantity.stripTrailingZeros(), unitPrice, taxRateBps, partId, subtotal, tax,
                subtotal + tax);
    }
}
