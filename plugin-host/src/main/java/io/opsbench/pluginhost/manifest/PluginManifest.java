package io.opsbench.pluginhost.manifest;

import io.opsbench.plugin.Capability;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * A validated {@code manifest.json}.
 *
 * @param id the reverse-DNS plugin id
 * @param name the display name
 * @param version the release's version
 * @param vendor who publishes it
 * @param description what it does
 * @param capabilities the declared capabilities, in manifest order
 * @param platform the plugin-api versions it works with
 * @param configSchema the per-installation config schema, if the plugin takes configuration
 * @param events the event types it subscribes to
 * @param homepage its web page, if any
 * @param license its license, if stated
 */
public record PluginManifest(
    String id,
    String name,
    Semver version,
    String vendor,
    String description,
    List<Capability> capabilities,
    SemverRange platform,
    Optional<JsonNode> configSchema,
    List<String> events,
    Optional<URI> homepage,
    Optional<String> license) {

    /**
     * Validates and copies the components.
     */
    public PluginManifest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(platform, "platform");
        capabilities = List.copyOf(capabilities);
        events = List.copyOf(events);
        // JsonNode is mutable: keep our own copy so no caller can change a validated manifest.
        configSchema = configSchema.map(JsonNode::deepCopy);
        homepage = Objects.requireNonNull(homepage, "homepage");
        license = Objects.requireNonNull(license, "license");
    }

    /**
     * The key of this release among loaded plugins, {@code <id>@<version>}; also the PF4J plugin id.
     *
     * @return e.g. {@code com.example.sms-gateway@1.2.0}
     */
    public String pluginKey() {
        return id + "@" + version;
    }

    /**
     * A copy of the config schema.
     *
     * @return the schema, if the plugin takes configuration
     */
    @Override
    public Optional<JsonNode> configSchema() {
        return configSchema.map(JsonNode::deepCopy);
    }

    /**
     * Names of the secret ({@code writeOnly}) configuration properties.
     *
     * @return the secret property names
     */
    public Set<String> secretProperties() {
        return configSchema.map(ConfigSchemas::secretProperties).orElse(Set.of());
    }

    /**
     * Whether the manifest declares a capability.
     *
     * @param capability the capability
     * @return {@code true} when declared
     */
    public boolean provides(Capability capability) {
        return capabilities.contains(capability);
    }
}
