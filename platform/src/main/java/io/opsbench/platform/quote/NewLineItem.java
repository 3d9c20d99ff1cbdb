package io.opsbench.platform.quote;

import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.UUID;

/** A line as the client sends it; the platform computes its amounts. */
record NewLineItem(@NotBlank @Size(max = 1000) String description,
        @NotNull @DecimalMin(value = "0", inclusive = false) @Digits(integer = 12, fraction = 3) BigDecimal quantity,
        @NotNull @PositiveOrZero Long unitPrice, @PositiveOrZero @Max(10_000) Integer taxRateBps, UUID partId) {

    LineItem priced() {
        return LineItem.priced(description.strip(), quantity, unitPrice, taxRateBps == null ? 0 : taxRateBps, partId);
    }
}
