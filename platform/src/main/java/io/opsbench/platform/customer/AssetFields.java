package io.opsbench.platform.customer;

import jakarta.validation.constraints.Size;

/** An asset's editable description. Its customer is fixed at creation. */
public record AssetFields(
        @Size(max = 100) String kind,
        @Size(max = 200) String make,
        @Size(max = 200) String model,
        @Size(max = 200) String serialNumber,
        @Size(max = 1000) String location,
        @Size(max = 10000) String notes) {
}
