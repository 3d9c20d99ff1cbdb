package io.opsbench.platform.ticket;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The create command: {@code priority} defaults to {@code normal}. */
public record NewTicket(
        @NotNull UUID customerId,
        UUID assetId,
        @NotBlank @Size(max = 10000) String issueDescription,
        TicketPriority priority,
        @Size(max = 100) String category,
        UUID technicianId) {
}
