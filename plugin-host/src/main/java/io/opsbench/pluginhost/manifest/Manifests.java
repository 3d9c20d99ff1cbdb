package io.opsbench.pluginhost.manifest;

import io.opsbench.plugin.Capability;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Parses and validates {@code manifest.json} against the schema that ships in plugin-api, then
 * against the rules a schema cannot express (the platform range must parse, the config schema must
 * itself be a usable, self-contained JSON Schema).
 */
public final class Manifests {

    /** The name of the manifest at the root of every bundle. */
    public static final String FILE_NAME = "manifest.json";

    private Manifests() {
    }

    /**
     * Parses a manifest.
     *
     * @param json the manifest's bytes (UTF-8 JSON)
     * @return the manifest
     * @throws ManifestInvalid with every violation found
     */
    public static PluginManifest parse(byte[] json) {
        JsonNode root;
        try {
            root = JsonSchemas.readTree(json);
        } catch (JacksonException e) {
            throw new ManifestInvalid(List.of(new Violation("", "not valid JSON: " + e.getOriginalMessage())));
        }
        if (root == null || !root.isObject()) {
            throw new ManifestInvalid(List.of(new Violation("", "the manifest must be a JSON object")));
        }
        List<Violation> violations = JsonSchemas.validate(JsonSchemas.manifestSchema(), root, "");
        if (!violations.isEmpty()) {
            throw new ManifestInvalid(violations);
        }

        Semver version = null;
        SemverRange platform = null;
        try {
            version = Semver.parse(root.get("version").asString());
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("/version", e.getMessage()));
        }
        try {
            platform = SemverRange.parse(root.get("platform").asString());
        } catch (IllegalArgumentException e) {
            violations.add(new Violation("/platform", e.getMessage()));
        }
        JsonNode configSchema = root.get("config_schema");
        if (configSchema != null) {
            ConfigSchemas.check(configSchema)
                .forEach(v -> violations.add(new Violation("/config_schema" + v.pointer(), v.message())));
        }
        if (!violations.isEmpty()) {
            throw new ManifestInvalid(violations);
        }

        List<Capability> capabilities = new ArrayList<>();
        root.get("capabilities").forEach(c -> capabilities.add(Capability.fromWireName(c.asString()).orElseThrow()));
        List<String> events = new ArrayList<>();
        if (root.has("events")) {
            root.get("events").forEach(e -> events.add(e.asString()));
        }
        return new PluginManifest(
            root.get("id").asString(),
            root.get("name").asString(),
            version,
            root.get("vendor").asString(),
            root.get("description").asString(),
            capabilities,
            platform,
            Optional.ofNullable(configSchema),
            events,
            Optional.ofNullable(root.get("homepage")).map(h -> URI.create(h.asString())),
            Optional.ofNullable(root.get("license")).map(JsonNode::asString));
    }
}
