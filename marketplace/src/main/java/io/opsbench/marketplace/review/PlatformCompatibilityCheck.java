package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.manifest.Manifests;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.opsbench.pluginhost.manifest.Semver;
import java.util.List;

/** Check 4: the manifest's {@code platform} range includes the running plugin-api version. */
final class PlatformCompatibilityCheck {

    static final String NAME = "platform_compatibility";

    private PlatformCompatibilityCheck() {
    }

    static CheckResult run(PluginManifest manifest, Semver apiVersion) {
        if (manifest.platform().includes(apiVersion)) {
            return CheckResult.passed(NAME, "The platform range '" + manifest.platform() + "' includes plugin-api " + apiVersion + ".");
        }
        String message = "the platform range '" + manifest.platform() + "' excludes plugin-api " + apiVersion + ", which this platform runs";
        return CheckResult.failed(NAME, "The plugin cannot run on this platform: " + message + ".",
            List.of(Finding.error(Manifests.FILE_NAME + "#/platform", message)));
    }
}
