package io.opsbench.platform.vendor;

import io.opsbench.platform.auth.VendorId;
import java.time.Instant;

/** A company that publishes plugins to the marketplace. */
public record Vendor(VendorId id, String name, String email, Instant createdAt, Instant updatedAt) {
}
