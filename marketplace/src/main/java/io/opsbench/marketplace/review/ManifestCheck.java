package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.manifest.ManifestInvalid;
import io.opsbench.pluginhost.manifest.Manifests;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.opsbench.pluginhost.manifest.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Check 2: {@code manifest.json} is present and valid against the manifest schema.
 *
 * <p>Problems inside {@code config_schema} are left to the {@code config_schema} check, so a manifest that is
 * fine apart from its configuration schema still passes here and the later checks still run on it.
 */
final class ManifestCheck {

    static final String NAME = "manifest";
    private static final String CONFIG_SCHEMA = "/config_schema";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * @param configSchemaViolations what is wrong with {@code config_schema}, with pointers into the manifest
     */
    record Outcome(CheckResult result, Optional<PluginManifest> manifest, List<Violation> configSchemaViolations) {
    }

    private ManifestCheck() {
    }

    static Outcome run(SubmittedBundle bundle) {
        Optional<byte[]> json = bundle.content(Manifests.FILE_NAME);
        if (json.isEmpty()) {
            String message = "no manifest.json at the bundle's root";
            return invalid("The bundle has no manifest.json at its root.", List.of(Finding.error(Manifests.FILE_NAME, message)));
        }
        try {
            PluginManifest manifest = Manifests.parse(json.get());
            return valid(manifest, List.of());
        } catch (ManifestInvalid e) {
            List<Violation> violations = e.violations();
            boolean onlyConfigSchema = violations.stream().allMatch(ManifestCheck::inConfigSchema);
            if (onlyConfigSchema) {
                return withoutConfigSchema(json.get(), violations);
            }
            List<Finding> findings = violations.stream().map(v -> Finding.error(location(v), v.message())).toList();
            return invalid("manifest.json is invalid: " + violations.size() + " violation(s) of the manifest schema.", findings);
        }
    }

    /** Parses the manifest again without its config schema, which is then put back as submitted. */
    private static Outcome withoutConfigSchema(byte[] json, List<Violation> configViolations) {
        ObjectNode root = (ObjectNode) JSON.readTree(json);
        JsonNode configSchema = root.remove("config_schema");
        PluginManifest rest;
        try {
            rest = Manifests.parse(JSON.writeValueAsBytes(root));
        } catch (ManifestInvalid e) {
            // The schema stage stops before the rules a schema cannot express; those can still fail here.
            List<Violation> all = new ArrayList<>(e.violations());
            all.addAll(configViolations);
            return invalid("manifest.json is invalid: " + all.size() + " violation(s).",
                all.stream().map(v -> Finding.error(location(v), v.message())).toList());
        }
        PluginManifest manifest = new PluginManifest(rest.id(), rest.name(), rest.version(), rest.vendor(), rest.description(),
            rest.capabilities(), rest.platform(), Optional.ofNullable(configSchema), rest.events(), rest.homepage(), rest.license());
        return valid(manifest, configViolations);
    }

    static String location(Violation violation) {
        return Manifests.FILE_NAME + "#" + violation.pointer();
    }

    private static boolean inConfigSchema(Violation violation) {
        return violation.pointer().equals(CONFIG_SCHEMA) || violation.pointer().startsWith(CONFIG_SCHEMA + "/");
    }

    private static Outcome valid(PluginManifest manifest, List<Violation> configViolations) {
        CheckResult result = CheckResult.passed(NAME, "manifest.json is valid: " + manifest.pluginKey() + " providing "
            + String.join(", ", manifest.capabilities().stream().map(c -> c.wireName()).toList()) + ".");
        return new Outcome(result, Optional.of(manifest), configViolations);
    }

    private static Outcome invalid(String message, List<Finding> findings) {
        return new Outcome(CheckResult.failed(NAME, message, findings), Optional.empty(), List.of());
    }
}
