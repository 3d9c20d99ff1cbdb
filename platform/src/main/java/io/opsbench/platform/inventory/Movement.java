package io.opsbench.platform.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/** One entry of the append-only ledger stock is derived from. */
public record Movement(UUID id, UUID partId, UUID locationId, MovementType type, BigDecimal quantity, Long unitCost,
        UUID toLocationId, String reference, String reason, UUID actorKeyId, Instant createdAt) {
}
