package io.opsbench.platform.marketplace;

import io.opsbench.pluginhost.manifest.PluginManifest;
import java.time.Instant;
import java.util.UUID;

/** An approved, installable version of a plugin: what tenants install and nodes load. */
public record Release(UUID submissionId, PluginManifest manifest, String sha256, Instant approvedAt, boolean yanked) {

    public String pluginId() {
        return manifest.id();
    }

    public String version() {
        return manifest.version().toString();
    }
}
