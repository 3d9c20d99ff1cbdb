package io.opsbench.pluginhost.manifest;

import java.util.List;
import java.util.Set;

/**
 * The outcome of validating an installation's configuration against a {@code config_schema}.
 *
 * @param violations what is wrong, each with a JSON pointer into the configuration; empty when valid
 * @param secretProperties names of the schema's top-level {@code writeOnly} properties: encrypt them
 *     at rest and never echo them
 */
public record ConfigValidation(List<Violation> violations, Set<String> secretProperties) {

    /**
     * Copies the components.
     */
    public ConfigValidation {
        violations = List.copyOf(violations);
        secretProperties = Set.copyOf(secretProperties);
    }

    /**
     * Whether the configuration is valid.
     *
     * @return {@code true} when there are no violations
     */
    public boolean isValid() {
        return violations.isEmpty();
    }
}
