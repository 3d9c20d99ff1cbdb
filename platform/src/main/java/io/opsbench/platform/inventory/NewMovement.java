package io.opsbench.platform.inventory;

import java.math.BigDecimal;
import java.util.UUID;

/** A movement to record; {@code reference} ties it to what caused it (a work order, a delivery note). */
public record NewMovement(UUID partId, UUID locationId, MovementType type, BigDecimal quantity, Long unitCost,
        UUID toLocationId, String reference, String reason) {
}
