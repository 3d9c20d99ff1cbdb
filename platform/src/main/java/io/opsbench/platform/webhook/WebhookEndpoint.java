package io.opsbench.platform.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Where a tenant wants its events: a URL and the event types (or {@code ticket.*}, {@code *}) it takes. */
public record WebhookEndpoint(UUID id, String url, List<String> events, String description, boolean enabled,
        String disabledReason, Instant failingSince, Instant createdAt, Instant updatedAt) {
}
