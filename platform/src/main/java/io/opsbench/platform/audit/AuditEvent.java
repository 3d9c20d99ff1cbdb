package io.opsbench.platform.audit;

import java.time.Instant;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * One audited change of one row: who (actor kind and key id), through which endpoint ({@code action}),
 * what ({@code resource_type}, {@code resource_id}, {@code operation}) and the changed fields with their
 * values before and after (secrets redacted).
 */
public record AuditEvent(UUID id, UUID tenantId, String actorKind, UUID actorKeyId, String action, String operation,
        String resourceType, String resourceId, String requestId, JsonNode changes, Instant createdAt) {
}
