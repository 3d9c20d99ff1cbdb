package io.opsbench.platform.plugin;

import io.opsbench.plugin.Capability;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plugin release installed into a tenant. {@code config} never holds secrets: those are encrypted
 * apart and only their names appear, in {@code secrets_set}.
 */
public record Installation(UUID id, String pluginId, String version, UUID submissionId, List<Capability> capabilities,
        InstallationStatus status, String statusReason, ObjectNode config, List<String> secretsSet,
        Instant installedAt, Instant updatedAt, int consecutiveFailures) {
}
