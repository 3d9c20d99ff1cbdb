package io.opsbench.platform.auth;

import java.time.Instant;
import java.util.UUID;

/** A tenant API key as lists show it: never the secret, only its first characters. */
public record ApiKey(UUID id, String name, Scope scope, String prefix, UUID createdBy, Instant createdAt,
        Instant lastUsedAt) {
}
