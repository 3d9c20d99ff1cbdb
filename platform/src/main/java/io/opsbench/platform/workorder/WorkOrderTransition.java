package io.opsbench.platform.workorder;

import java.time.Instant;
import java.util.UUID;

/** One line of a work order's history. */
public record WorkOrderTransition(UUID id, WorkOrderStatus from, WorkOrderStatus to, String note, UUID actorKeyId,
        Instant createdAt) {
}
