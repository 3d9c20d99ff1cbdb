package io.opsbench.plugin.voice;

import java.util.Objects;

/**
 * The shop's customer record that matched a caller.
 *
 * @param customerId the customer's id in the platform
 * @param displayName the customer's name as the shop keeps it
 * @param openTickets how many repair tickets of this customer are open
 * @since 1.0
 */
public record MatchedCustomer(String customerId, String displayName, int openTickets) {

    /**
     * Validates the record.
     *
     * @since 1.0
     */
    public MatchedCustomer {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(displayName, "displayName");
        if (openTickets < 0) {
            throw new IllegalArgumentException("openTickets must not be negative");
        }
    }
}
