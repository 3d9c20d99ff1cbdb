package io.opsbench.platform.technician;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Someone who repairs things in the shop or goes out on work orders. */
public record Technician(UUID id, String name, String email, String phone, List<String> skills, boolean active,
        Instant createdAt, Instant updatedAt) {
}
