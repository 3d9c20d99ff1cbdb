package io.opsbench.platform.webhook;

import java.time.Instant;
import java.util.UUID;

/** One event for one endpoint, with how its attempts went. */
public record WebhookDelivery(UUID id, UUID endpointId, String eventId, String eventType, String status, int attempts,
        Integer lastStatusCode, String lastError, Instant lastAttemptAt, Instant nextAttemptAt, Instant createdAt,
        Instant updatedAt) {
}
