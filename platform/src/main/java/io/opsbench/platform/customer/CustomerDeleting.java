package io.opsbench.platform.customer;

import java.util.UUID;

/**
 * Published inside the deleting transaction, with the customer's row locked, before the row goes.
 * Features whose records keep a customer busy (open tickets; later work orders and quotes) listen and
 * veto by throwing a {@link io.opsbench.platform.web.ResourceInUse}; this package never needs to know them.
 */
public record CustomerDeleting(UUID customerId) {
}
