package io.opsbench.platform.workorder;

import io.opsbench.platform.ticket.TicketPriority;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;

/** The fields a PATCH may change; merged over the current values, then validated as a whole. */
record WorkOrderFields(@NotBlank @Size(max = 10000) String description, TicketPriority priority,
        @Size(max = 1000) String siteAddress, Instant scheduledStart, Instant scheduledEnd, Instant slaDueAt) {
}
