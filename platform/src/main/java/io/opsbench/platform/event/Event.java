package io.opsbench.platform.event;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** A recorded event as {@code GET /v1/events} and webhooks show it. */
public record Event(String id, String type, Instant createdAt, String tenantId, String resourceType,
        UUID resourceId, long sequence, JsonNode data) {
}
