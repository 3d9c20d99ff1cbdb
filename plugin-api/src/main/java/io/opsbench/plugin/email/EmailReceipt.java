package io.opsbench.plugin.email;

import java.util.Objects;

/**
 * The provider's acknowledgement of an accepted email.
 *
 * @param providerMessageId the provider's id for the message
 * @since 1.0
 */
public record EmailReceipt(String providerMessageId) {

    /**
     * Validates the receipt.
     *
     * @since 1.0
     */
    public EmailReceipt {
        Objects.requireNonNull(providerMessageId, "providerMessageId");
    }
}
