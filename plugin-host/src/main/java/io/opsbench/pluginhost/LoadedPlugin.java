package io.opsbench.pluginhost;

import io.opsbench.plugin.Capability;
import io.opsbench.pluginhost.manifest.PluginManifest;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.pf4j.ExtensionPoint;

/**
 * One plugin version loaded in its own classloader, shared by every tenant that installed it.
 *
 * <p>Hold it only as long as needed and look it up per call: after {@link PluginRuntime#unload(LoadedPlugin)}
 * it drops its extensions and classloader, so even a stale reference kept somewhere by mistake does not keep
 * the plugin's classes in memory, and using it fails fast.
 */
public final class LoadedPlugin {

    private final PluginManifest manifest;
    private final String pluginKey;
    private final Path directory;
    private final Set<String> extensionClassNames;
    private volatile ClassLoader classLoader;
    private volatile Map<Capability, List<Object>> extensions;

    LoadedPlugin(PluginManifest manifest, Path directory, ClassLoader classLoader, Map<Capability, List<Object>> extensions,
        Set<String> extensionClassNames) {
        this.manifest = manifest;
        this.pluginKey = manifest.pluginKey();
        this.directory = directory;
        this.classLoader = classLoader;
        this.extensions = Map.copyOf(extensions);
        this.extensionClassNames = Set.copyOf(extensionClassNames);
    }

    /**
     * The plugin's validated manifest.
     *
     * @return the manifest
     */
    public PluginManifest manifest() {
        return manifest;
    }

    /**
     * {@code <id>@<version>}, unique among loaded plugins.
     *
     * @return the plugin key
     */
    public String pluginKey() {
        return pluginKey;
    }

    /**
     * The exploded bundle it was loaded from.
     *
     * @return the directory
     */
    public Path directory() {
        return directory;
    }

    /**
     * Class names listed in the bundle's {@code META-INF/extensions.idx}.
     *
     * @return the extension class names
     */
    public Set<String> extensionClassNames() {
        return extensionClassNames;
    }

    /**
     * Whether it is still loaded.
     *
     * @return {@code false} once unloaded
     */
    public boolean isLoaded() {
        return extensions != null;
    }

    /**
     * The plugin's classloader; {@link PluginCalls} makes it the thread's context classloader during calls.
     *
     * @return the classloader
     * @throws IllegalStateException once unloaded
     */
    public ClassLoader classLoader() {
        ClassLoader loader = classLoader;
        if (loader == null) {
            throw unloaded();
        }
        return loader;
    }

    /**
     * The extensions implementing an extension point, in {@code @Extension(ordinal)} order.
     *
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param <T> the extension point type
     * @return the extensions, empty when none
     * @throws IllegalStateException once unloaded
     */
    public <T extends ExtensionPoint> List<T> extensions(Class<T> extensionPoint) {
        return implementing(extensionPoint).stream().map(extensionPoint::cast).toList();
    }

    /**
     * The first extension implementing an extension point.
     *
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param <T> the extension point type
     * @return the extension, or empty
     * @throws IllegalStateException once unloaded
     */
    public <T extends ExtensionPoint> Optional<T> extension(Class<T> extensionPoint) {
        // Every plugin call asks for this: no stream, no copy.
        List<Object> found = implementing(extensionPoint);
        return found.isEmpty() ? Optional.empty() : Optional.of(extensionPoint.cast(found.getFirst()));
    }

    private List<Object> implementing(Class<? extends ExtensionPoint> extensionPoint) {
        Map<Capability, List<Object>> current = extensions;
        if (current == null) {
            throw unloaded();
        }
        Capability capability = ExtensionPoints.capabilityOf(extensionPoint)
            .orElseThrow(() -> new IllegalArgumentException(extensionPoint.getName() + " is not a plugin-api extension point"));
        return current.getOrDefault(capability, List.of());
    }

    /**
     * The capabilities it provides.
     *
     * @return the manifest's capabilities
     */
    public List<Capability> capabilities() {
        return manifest.capabilities();
    }

    void release() {
        extensions = null;
        classLoader = null;
    }

    private IllegalStateException unloaded() {
        return new IllegalStateException(pluginKey() + " has been unloaded");
    }

    @Override
    public String toString() {
        return "LoadedPlugin[" + pluginKey() + (isLoaded() ? "" : ", unloaded") + "]";
    }
}
