package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.manifest.Manifests;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.opsbench.pluginhost.manifest.Semver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Check 3: the version is higher than every earlier passing submission of the plugin id, and the id belongs
 * to the submitting vendor (or to nobody yet). Releases only move forward, so a tenant's "latest" never
 * goes back and no vendor can publish over another's plugin.
 */
final class VersionCheck {

    static final String NAME = "version";

    private VersionCheck() {
    }

    static CheckResult run(PluginManifest manifest, SubmissionHistory history) {
        List<Finding> findings = new ArrayList<>();
        String vendor = history.submittingVendorId();
        Optional<String> owner = history.owner(manifest.id());
        if (owner.isPresent() && !owner.get().equals(vendor)) {
            findings.add(Finding.error(Manifests.FILE_NAME + "#/id",
                "plugin id '" + manifest.id() + "' belongs to another vendor; choose an id of your own (reverse-DNS of a domain you control)"));
        }
        Semver version = manifest.version();
        Optional<Semver> highest = history.earlierVersions(manifest.id()).stream().max(Comparator.naturalOrder());
        if (highest.isPresent() && version.compareTo(highest.get()) <= 0) {
            findings.add(Finding.error(Manifests.FILE_NAME + "#/version", "version " + version + " is not greater than " + highest.get()
                + ", the highest earlier submission of " + manifest.id() + " (build metadata does not count)"));
        }
        String passed = highest.map(h -> "Version " + version + " follows " + h + " of " + manifest.id() + ", owned by this vendor.")
            .orElse("Version " + version + " is the first of " + manifest.id() + (owner.isPresent() ? ", owned by this vendor." : ", which no vendor owns yet."));
        return CheckResult.of(NAME, findings, passed, passed, "The version or plugin id is not this vendor's to submit.");
    }
}
