package io.opsbench.platform.inventory;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A stocked part with its stock: totals over every location, each location's share, and the
 * weighted average cost of everything received (minor units, rounded half-up).
 */
public record Part(UUID id, String sku, String name, String unit, BigDecimal reorderPoint, BigDecimal onHand,
        BigDecimal reserved, BigDecimal available, List<LocationStock> byLocation, Long averageCost,
        Instant createdAt, Instant updatedAt) {

    public record LocationStock(UUID locationId, BigDecimal onHand, BigDecimal reserved) {
    }
}
