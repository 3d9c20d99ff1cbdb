package io.opsbench.platform.customer;

import java.time.Instant;
import java.util.UUID;

/** A shop's customer: the person or business whose devices come in for repair. */
public record Customer(UUID id, String name, String email, String phone, String address, String notes,
        Instant createdAt, Instant updatedAt) {

    CustomerFields fields() {
        return new CustomerFields(name, email, phone, address, notes);
    }
}
