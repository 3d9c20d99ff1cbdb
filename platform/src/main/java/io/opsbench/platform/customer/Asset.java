package io.opsbench.platform.customer;

import java.time.Instant;
import java.util.UUID;

/** A customer's device, machine or vehicle: what tickets are about. */
public record Asset(UUID id, UUID customerId, String kind, String make, String model, String serialNumber,
        String location, String notes, Instant createdAt, Instant updatedAt) {

    AssetFields fields() {
        return new AssetFields(kind, make, model, serialNumber, location, notes);
    }
}
