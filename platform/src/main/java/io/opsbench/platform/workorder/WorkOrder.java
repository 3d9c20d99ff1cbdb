package io.opsbench.platform.workorder;

import io.opsbench.platform.ticket.TicketPriority;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A field job at a customer's site. */
public record WorkOrder(UUID id, String number, UUID customerId, UUID assetId, UUID technicianId, String description,
        TicketPriority priority, String siteAddress, Instant scheduledStart, Instant scheduledEnd, Instant slaDueAt,
        WorkOrderStatus status, String signatureName, Instant signedAt, Instant completedAt, Instant createdAt,
        Instant updatedAt) {

    public List<WorkOrderStatus> availableTransitions() {
        return status.next();
    }

    boolean hasSchedule() {
        return scheduledStart != null && scheduledEnd != null;
    }

    /** Due and not done in time: completed after the SLA, or still open past it. */
    boolean slaBreachedAt(Instant now) {
        if (slaDueAt == null || status == WorkOrderStatus.CANCELLED) {
            return false;
        }
        return (completedAt != null ? completedAt : now).isAfter(slaDueAt);
    }
}
