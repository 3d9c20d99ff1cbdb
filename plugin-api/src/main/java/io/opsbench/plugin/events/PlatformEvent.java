package io.opsbench.plugin.events;

import java.time.Instant;
import java.util.Objects;

/**
 * Something that happened in a tenant, as the platform's webhooks describe it.
 *
 * @param id the event's unique id
 * @param type the event type, e.g. {@code "ticket.created"}
 * @param createdAt when it happened
 * @param tenantId the tenant it happened in
 * @param dataJson the event's payload as a JSON object text
 * @since 1.0
 */
public record PlatformEvent(String id, String type, Instant createdAt, String tenantId, String dataJson) {

    /**
     * Validates the event.
     *
     * @since 1.0
     */
    public PlatformEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(dataJson, "dataJson");
    }
}
