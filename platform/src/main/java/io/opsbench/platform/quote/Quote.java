package io.opsbench.platform.quote;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A priced offer to a customer, optionally for a ticket or a work order. */
public record Quote(UUID id, String number, UUID customerId, UUID ticketId, UUID workOrderId, String currency,
        Instant validUntil, QuoteStatus status, List<LineItem> lineItems, long subtotal, long tax, long total,
        Instant sentAt, String emailMessageId, String signatureName, Instant acceptedAt, String acceptedHash,
        String declineReason, Instant declinedAt, Instant expiredAt, Instant createdAt, Instant updatedAt) {

    @JsonProperty("available_transitions")
    public List<QuoteStatus> availableTransitions() {
        return status.next();
    }
}
