package io.opsbench.pluginhost;

import io.opsbench.pluginhost.manifest.Manifests;
import io.opsbench.pluginhost.manifest.PluginManifest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.pf4j.DefaultPluginDescriptor;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginDescriptorFinder;

/**
 * Derives the PF4J descriptor from {@code manifest.json}, the bundle's single source of truth. The PF4J id
 * is {@code <id>@<version>}, because PF4J keys plugins by id and two versions of one plugin must be able to
 * run side by side while tenants upgrade. There is no plugin class: a bundle is a set of extensions.
 */
final class ManifestDescriptorFinder implements PluginDescriptorFinder {

    @Override
    public boolean isApplicable(Path pluginPath) {
        return Files.isRegularFile(pluginPath.resolve(Manifests.FILE_NAME));
    }

    @Override
    public PluginDescriptor find(Path pluginPath) {
        try {
            return new ManifestDescriptor(Manifests.parse(Files.readAllBytes(pluginPath.resolve(Manifests.FILE_NAME))));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the manifest in " + pluginPath, e);
        }
    }

    static final class ManifestDescriptor extends DefaultPluginDescriptor {

        private final PluginManifest manifest;

        ManifestDescriptor(PluginManifest manifest) {
            // PF4J's own "requires" syntax differs from the manifest's; the runtime checks "platform" itself.
            super(manifest.pluginKey(), manifest.description(), null, manifest.version().toString(), "*",
                manifest.vendor(), manifest.license().orElse(null));
            this.manifest = manifest;
        }

        PluginManifest manifest() {
            return manifest;
        }
    }
}
