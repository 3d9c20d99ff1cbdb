package io.opsbench.platform.ticket;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A repair ticket. {@code number} ({@code T-000042}) is the tenant's human reference. */
public record Ticket(UUID id, String number, UUID customerId, UUID assetId, String issueDescription,
        TicketPriority priority, String category, UUID technicianId, TicketStatus status, Instant createdAt,
        Instant updatedAt) {

    /** Shown on every ticket so clients need not hard-code the state machine. */
    @JsonProperty("available_transitions")
    public List<TicketStatus> availableTransitions() {
        return status.next();
    }

    Ticket movedTo(TicketStatus target, Instant at) {
        return new Ticket(id, number, customerId, assetId, issueDescription, priority, category, technicianId, target,
                createdAt, at);
    }
}
