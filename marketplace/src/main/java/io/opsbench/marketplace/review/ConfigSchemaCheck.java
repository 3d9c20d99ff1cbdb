package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.manifest.ConfigSchemas;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.opsbench.pluginhost.manifest.Violation;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Check 8: an optional {@code config_schema} is a usable JSON Schema (draft 2020-12, object at the root, no
 * reference outside itself), because every installation's configuration is validated against it.
 */
final class ConfigSchemaCheck {

    static final String NAME = "config_schema";

    private ConfigSchemaCheck() {
    }

    /**
     * @param manifestViolations violations already found inside {@code config_schema} while parsing the manifest
     */
    static CheckResult run(PluginManifest manifest, List<Violation> manifestViolations) {
        if (manifest.configSchema().isEmpty()) {
            return CheckResult.passed(NAME, "no configuration");
        }
        JsonNode schema = manifest.configSchema().get();
        List<Violation> violations = new ArrayList<>(manifestViolations);
        if (violations.isEmpty()) {
            ConfigSchemas.check(schema).forEach(v -> violations.add(new Violation("/config_schema" + v.pointer(), v.message())));
        }
        if (!violations.isEmpty()) {
            List<Finding> findings = violations.stream().map(v -> Finding.error(ManifestCheck.location(v), v.message())).toList();
            return CheckResult.failed(NAME, "config_schema is not a usable JSON Schema (draft 2020-12, \"type\": \"object\" at the root, "
                + "no references outside itself): " + violations.size() + " problem(s).", findings);
        }
        Set<String> secrets = ConfigSchemas.secretProperties(schema);
        return CheckResult.passed(NAME, "config_schema is a valid JSON Schema (draft 2020-12)"
            + (secrets.isEmpty() ? " with no secret properties." : "; secret (writeOnly) properties: " + String.join(", ", secrets) + "."));
    }
}
