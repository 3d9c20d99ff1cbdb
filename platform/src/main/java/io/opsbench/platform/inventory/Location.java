package io.opsbench.platform.inventory;

import java.time.Instant;
import java.util.UUID;

/** Where parts are kept: a warehouse, the shop, a technician's van. */
public record Location(UUID id, String name, LocationKind kind, Instant createdAt, Instant updatedAt) {
}
