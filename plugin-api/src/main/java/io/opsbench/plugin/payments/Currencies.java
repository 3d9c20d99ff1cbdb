package io.opsbench.plugin.payments;

import java.util.regex.Pattern;

final class Currencies {

    private static final Pattern ISO_4217 = Pattern.compile("[A-Z]{3}");

    private Currencies() {
    }

    static void check(String currency, long amountMinor) {
        if (currency == null || !ISO_4217.matcher(currency).matches()) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code such as EUR: " + currency);
        }
        if (amountMinor <= 0) {
            throw new IllegalArgumentException("amountMinor must be positive: " + amountMinor);
        }
    }
}
