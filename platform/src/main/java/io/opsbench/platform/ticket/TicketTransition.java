package io.opsbench.platform.ticket;

import java.time.Instant;
import java.util.UUID;

/** One line of a ticket's history: {@code from} is null on the line that opened the ticket. */
public record TicketTransition(UUID id, TicketStatus from, TicketStatus to,
        String note, UUID actorKeyId, Instant createdAt) {
}
