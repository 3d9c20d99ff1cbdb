package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.manifest.PluginManifest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything the automated review found about one bundle.
 *
 * @param sha256 the lower-case hex SHA-256 of the bundle's raw bytes, whatever else happened
 * @param manifest the parsed manifest, when the manifest check passed; its {@code config_schema} is the one
 *     submitted, usable only when the {@code config_schema} check passed
 * @param checks every check of {@link BundleReview#CHECKS}, in that order
 */
public record ReviewReport(String sha256, Optional<PluginManifest> manifest, List<CheckResult> checks) {

    /**
     * Validates and copies the components.
     */
    public ReviewReport {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(manifest, "manifest");
        checks = List.copyOf(checks);
    }

    /**
     * Whether the bundle passed the automated review and can go to a reviewer.
     *
     * @return {@code true} when no check failed (warnings allowed)
     */
    public boolean passed() {
        return checks.stream().noneMatch(CheckResult::failed);
    }

    /**
     * One check by name.
     *
     * @param name e.g. {@code "sandbox_load"}
     * @return the check's result, empty for an unknown name
     */
    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
