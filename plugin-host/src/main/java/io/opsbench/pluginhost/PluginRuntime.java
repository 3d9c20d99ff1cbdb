package io.opsbench.pluginhost;

import io.opsbench.plugin.Capability;
import io.opsbench.pluginhost.PluginLoadFailed.Reason;
import io.opsbench.pluginhost.archive.BundleArchive;
import io.opsbench.pluginhost.manifest.Manifests;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.opsbench.pluginhost.manifest.Semver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.AbstractExtensionFinder;
import org.pf4j.Extension;
import org.pf4j.PluginRuntimeException;
import org.pf4j.PluginState;

/**
 * Loads plugin versions from exploded bundles into isolated classloaders, and unloads them.
 *
 * <p>Each plugin version gets a PF4J id of {@code <id>@<version>}, so several versions of one plugin can be
 * loaded at once (tenants upgrade one by one). A plugin's classloader sees the JDK, plugin-api, PF4J and the
 * {@linkplain RuntimeSettings#sharedPackages() shared packages}; any other host class is a
 * {@link ClassNotFoundException} to it. Extensions are created once per loaded version with their no-argument
 * constructor and serve every tenant.
 *
 * <p>Loading runs the plugin's constructors on the caller's thread; review (and the marketplace's sandbox
 * load) is what makes that acceptable. Thread-safe.
 */
public final class PluginRuntime implements AutoCloseable {

    private final Semver platformApiVersion;
    private final BundlePluginManager manager;
    private final PluginCalls calls;
    private final Map<String, LoadedPlugin> loaded = new ConcurrentHashMap<>();
    private final Object lock = new Object();

    /**
     * A runtime with {@link RuntimeSettings#DEFAULTS} and the system clock.
     */
    public PluginRuntime() {
        this(RuntimeSettings.DEFAULTS, Clock.systemUTC());
    }

    /**
     * A runtime.
     *
     * @param settings the platform's plugin-api version, shared packages and call limits
     * @param clock the clock of the calls' circuit breaker
     */
    public PluginRuntime(RuntimeSettings settings, Clock clock) {
        this.platformApiVersion = Semver.parse(settings.platformApiVersion());
        HostFilteringClassLoader hostParent = new HostFilteringClassLoader(PluginRuntime.class.getClassLoader(), settings.sharedPackages());
        this.manager = new BundlePluginManager(hostParent);
        this.calls = new PluginCalls(settings.calls(), clock);
    }

    /**
     * Extracts a checked bundle into a directory and loads it.
     *
     * @param archive a bundle that passed the archive checks
     * @param directory an empty or absent directory to extract into; keep it while the plugin is loaded
     * @return the loaded plugin
     * @throws io.opsbench.pluginhost.manifest.ManifestInvalid when the manifest is invalid
     * @throws PluginLoadFailed when the plugin cannot be loaded
     */
    public LoadedPlugin load(BundleArchive archive, Path directory) {
        archive.extractTo(directory);
        return load(directory);
    }

    /**
     * Loads an exploded bundle: {@code manifest.json}, {@code classes/} and optional {@code lib/*.jar}.
     *
     * @param directory the exploded bundle; keep it while the plugin is loaded
     * @return the loaded plugin
     * @throws io.opsbench.pluginhost.manifest.ManifestInvalid when the manifest is invalid
     * @throws PluginLoadFailed when the plugin cannot be loaded
     */
    public LoadedPlugin load(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        PluginManifest manifest = Manifests.parse(readManifest(dir));
        String key = manifest.pluginKey();
        if (!manifest.platform().includes(platformApiVersion)) {
            throw new PluginLoadFailed(Reason.INCOMPATIBLE_PLATFORM, key,
                "platform range '" + manifest.platform() + "' excludes plugin-api " + platformApiVersion);
        }
        synchronized (lock) {
            if (loaded.containsKey(key)) {
                throw new PluginLoadFailed(Reason.ALREADY_LOADED, key, "this version is already loaded");
            }
            String pluginId;
            try {
                pluginId = manager.loadPlugin(dir);
            } catch (PluginRuntimeException e) {
                throw new PluginLoadFailed(Reason.PF4J_REFUSED, key, e.getMessage(), e);
            }
            try {
                LoadedPlugin plugin = start(pluginId, manifest, dir);
                loaded.put(key, plugin);
                return plugin;
            } catch (RuntimeException | LinkageError e) {
                ClassLoader loader = manager.getPluginClassLoader(pluginId);
                removeFromPf4j(pluginId, loader);
                throw e;
            }
        }
    }

    private LoadedPlugin start(String pluginId, PluginManifest manifest, Path dir) {
        String key = manifest.pluginKey();
        if (manager.startPlugin(pluginId) != PluginState.STARTED) {
            throw new PluginLoadFailed(Reason.PF4J_REFUSED, key, "PF4J did not start the plugin");
        }
        ClassLoader loader = manager.getPluginClassLoader(pluginId);
        Set<String> classNames = manager.getExtensionClassNames(pluginId);
        if (classNames.isEmpty()) {
            throw new PluginLoadFailed(Reason.NO_EXTENSIONS, key, "classes/META-INF/extensions.idx is missing or empty;"
                + " annotate extensions with @Extension and run PF4J's annotation processor");
        }
        List<Class<?>> classes = new ArrayList<>();
        for (String className : classNames) {
            try {
                classes.add(loader.loadClass(className));
            } catch (ClassNotFoundException | LinkageError e) {
                throw new PluginLoadFailed(Reason.EXTENSION_BROKEN, key, "extension " + className + " cannot be loaded: " + e, e);
            }
        }
        classes.sort(Comparator.comparingInt(PluginRuntime::ordinal).thenComparing(Class::getName));

        Map<Capability, List<Object>> extensions = new EnumMap<>(Capability.class);
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            for (Class<?> type : classes) {
                Set<Capability> capabilities = ExtensionPoints.implementedBy(type);
                if (capabilities.isEmpty()) {
                    throw new PluginLoadFailed(Reason.EXTENSION_BROKEN, key, "extension " + type.getName() + " implements no plugin-api extension point");
                }
                Set<Capability> undeclared = EnumSet.copyOf(capabilities);
                undeclared.removeAll(manifest.capabilities());
                if (!undeclared.isEmpty()) {
                    throw new PluginLoadFailed(Reason.CAPABILITY_MISMATCH, key, "extension " + type.getName()
                        + " implements capabilities the manifest does not declare: " + wireNames(undeclared));
                }
                Object instance;
                try {
                    instance = manager.getExtensionFactory().create(type);
                } catch (PluginRuntimeException e) {
                    throw new PluginLoadFailed(Reason.EXTENSION_BROKEN, key, e.getMessage(), e);
                }
                capabilities.forEach(capability -> extensions.computeIfAbsent(capability, c -> new ArrayList<>()).add(instance));
            }
        } finally {
            thread.setContextClassLoader(previous);
        }
        Set<Capability> missing = EnumSet.noneOf(Capability.class);
        missing.addAll(manifest.capabilities());
        missing.removeAll(extensions.keySet());
        if (!missing.isEmpty()) {
            throw new PluginLoadFailed(Reason.CAPABILITY_MISMATCH, key, "no extension implements the declared capabilities " + wireNames(missing));
        }
        extensions.replaceAll((capability, list) -> List.copyOf(list));
        return new LoadedPlugin(manifest, dir, loader, extensions, classNames);
    }

    /**
     * Unloads a plugin version: its pool is shut down, PF4J stops and unloads it (this one plugin only), its
     * classloader is closed and every reference the host held is dropped, so the classloader can be
     * garbage-collected once no call is still running in it.
     *
     * @param plugin the plugin version; unloading it twice does nothing
     */
    public void unload(LoadedPlugin plugin) {
        synchronized (lock) {
            if (!loaded.remove(plugin.pluginKey(), plugin)) {
                return;
            }
            calls.retire(plugin);
            removeFromPf4j(plugin.pluginKey(), plugin.classLoader());
            plugin.release();
        }
    }

    private void removeFromPf4j(String pluginId, ClassLoader loader) {
        if (manager.getPlugin(pluginId) != null) {
            // One plugin at a time: PF4J's bulk stopPlugins() misbehaves with several plugins (pf4j#656).
            try {
                manager.stopPlugin(pluginId);
            } finally {
                manager.unloadPlugin(pluginId);
            }
        }
        if (loader != null) {
            manager.isolatedExtensionFactory().forget(loader);
        }
    }

    /**
     * A loaded plugin version.
     *
     * @param pluginKey {@code <id>@<version>}
     * @return the plugin, or empty when not loaded
     */
    public Optional<LoadedPlugin> find(String pluginKey) {
        return Optional.ofNullable(loaded.get(pluginKey));
    }

    /**
     * Every loaded plugin version.
     *
     * @return a snapshot of the loaded plugins
     */
    public Collection<LoadedPlugin> loaded() {
        return List.copyOf(loaded.values());
    }

    /**
     * The call executor for this runtime's plugins.
     *
     * @return the executor
     */
    public PluginCalls calls() {
        return calls;
    }

    /**
     * The plugin-api version plugins' {@code platform} ranges are checked against.
     *
     * @return the version
     */
    public Semver platformApiVersion() {
        return platformApiVersion;
    }

    /**
     * Unloads every plugin, one by one, and stops all pools.
     */
    @Override
    public void close() {
        for (LoadedPlugin plugin : loaded()) {
            unload(plugin);
        }
        calls.close();
    }

    private static byte[] readManifest(Path dir) {
        try {
            return Files.readAllBytes(dir.resolve(Manifests.FILE_NAME));
        } catch (NoSuchFileException e) {
            throw new PluginLoadFailed(Reason.NO_MANIFEST, dir.toString(), "no " + Manifests.FILE_NAME + " at the bundle's root", e);
        } catch (IOException e) {
            throw new PluginLoadFailed(Reason.NO_MANIFEST, dir.toString(), "cannot read " + Manifests.FILE_NAME + ": " + e, e);
        }
    }

    private static int ordinal(Class<?> type) {
        Extension extension = AbstractExtensionFinder.findExtensionAnnotation(type);
        return extension == null ? 0 : extension.ordinal();
    }

    private static List<String> wireNames(Set<Capability> capabilities) {
        return capabilities.stream().map(Capability::wireName).toList();
    }
}
