package io.opsbench.pluginhost;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.pf4j.DefaultPluginManager;
import org.pf4j.ExtensionFactory;
import org.pf4j.ExtensionFinder;
import org.pf4j.LegacyExtensionFinder;
import org.pf4j.Plugin;
import org.pf4j.PluginDescriptorFinder;
import org.pf4j.PluginFactory;
import org.pf4j.PluginLoader;
import org.pf4j.PluginRepository;
import org.pf4j.PluginStatusProvider;

/**
 * PF4J wired for Opsbench bundles: descriptors from {@code manifest.json}, classloaders under
 * {@link HostFilteringClassLoader}, extensions from {@code META-INF/extensions.idx} only (never the host's
 * classpath), no plugin class, no plugin directory scanning and no enabled/disabled files: the platform
 * decides what is loaded, one bundle at a time.
 *
 * <p>Not thread-safe, like PF4J itself: {@link PluginRuntime} serialises access.
 */
final class BundlePluginManager extends DefaultPluginManager {

    // Assigned after PF4J's constructor has called the create methods below; read only at load time.
    private HostFilteringClassLoader hostParent;

    BundlePluginManager(HostFilteringClassLoader hostParent) {
        super(Path.of(System.getProperty("java.io.tmpdir")));
        this.hostParent = hostParent;
    }

    HostFilteringClassLoader hostParent() {
        return hostParent;
    }

    IsolatedExtensionFactory isolatedExtensionFactory() {
        return (IsolatedExtensionFactory) getExtensionFactory();
    }

    @Override
    protected PluginDescriptorFinder createPluginDescriptorFinder() {
        return new ManifestDescriptorFinder();
    }

    @Override
    protected PluginLoader createPluginLoader() {
        return new BundlePluginLoader(this);
    }

    @Override
    protected ExtensionFactory createExtensionFactory() {
        return new IsolatedExtensionFactory();
    }

    @Override
    protected ExtensionFinder createExtensionFinder() {
        LegacyExtensionFinder finder = new LegacyExtensionFinder(this) {
            @Override
            public Map<String, Set<String>> readClasspathStorages() {
                // The host's own classpath contributes no extensions.
                return new LinkedHashMap<>();
            }
        };
        addPluginStateListener(finder);
        return finder;
    }

    @Override
    protected PluginFactory createPluginFactory() {
        return wrapper -> new Plugin();
    }

    @Override
    protected PluginStatusProvider createPluginStatusProvider() {
        return new PluginStatusProvider() {
            @Override
            public boolean isPluginDisabled(String pluginId) {
                return false;
            }

            @Override
            public void disablePlugin(String pluginId) {
                throw new UnsupportedOperationException("the platform enables and disables installations, not PF4J");
            }

            @Override
            public void enablePlugin(String pluginId) {
                throw new UnsupportedOperationException("the platform enables and disables installations, not PF4J");
            }
        };
    }

    @Override
    protected PluginRepository createPluginRepository() {
        return new PluginRepository() {
            @Override
            public List<Path> getPluginPaths() {
                return List.of();
            }

            @Override
            public boolean deletePluginPath(Path pluginPath) {
                return false;
            }
        };
    }
}
