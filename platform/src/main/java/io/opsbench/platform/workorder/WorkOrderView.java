package io.opsbench.platform.workorder;

import io.opsbench.platform.ticket.TicketPriority;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A work order as the API shows it, with what the clock says about its SLA. */
record WorkOrderView(UUID id, String number, UUID customerId, UUID assetId, UUID technicianId, String description,
        TicketPriority priority, String siteAddress, Instant scheduledStart, Instant scheduledEnd, Instant slaDueAt,
        boolean slaBreached, WorkOrderStatus status, List<WorkOrderStatus> availableTransitions, String signatureName,
        Instant signedAt, Instant completedAt, Instant createdAt, Instant updatedAt) {

    static WorkOrderView of(WorkOrder w, Instant now) {
        return new WorkOrderView(w.id(), w.number(), w.customerId(), w.assetId(), w.technicianId(), w.description(),
                w.priority(), w.siteAddress(), w.scheduledStart(), w.scheduledEnd(), w.slaDueAt(), w.slaBreachedAt(now),
                w.status(), w.availableTransitions(), w.signatureName(), w.signedAt(), w.completedAt(), w.createdAt(),
                w.updatedAt());
    }
}
