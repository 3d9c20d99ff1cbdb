package io.opsbench.plugin.sms;

import java.util.Objects;

/**
 * The provider's acknowledgement of an accepted SMS.
 *
 * @param providerMessageId the provider's id for the message
 * @since 1.0
 */
public record SmsReceipt(String providerMessageId) {

    /**
     * Validates the receipt.
     *
     * @since 1.0
     */
    public SmsReceipt {
        Objects.requireNonNull(providerMessageId, "providerMessageId");
    }
}
