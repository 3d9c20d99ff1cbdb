package io.opsbench.platform.plugin;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opsbench.platform.marketplace.BundleStore;
import io.opsbench.platform.marketplace.Release;
import io.opsbench.platform.storage.StorageSettings;
import io.opsbench.plugin.PluginApi;
import io.opsbench.pluginhost.CallSettings;
import io.opsbench.pluginhost.LoadedPlugin;
import io.opsbench.pluginhost.PluginCalls;
import io.opsbench.pluginhost.PluginRuntime;
import io.opsbench.pluginhost.RuntimeSettings;
import io.opsbench.pluginhost.archive.ArchiveLimits;
import io.opsbench.pluginhost.archive.BundleArchive;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The plugin versions loaded on this node. Each version is loaded once, on its first call, and
 * shared by every tenant that installed it; a version no active installation uses any more is
 * unloaded, right after the change on this node and within {@code sweep-interval} on the others.
 */
@Component
public class PluginNode implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(PluginNode.class);

    private final PluginRuntime runtime;
    private final BundleStore bundles;
    private final InstallationRepository installations;
    private final Path workDir;
    private final ConcurrentHashMap<String, Object> loading = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Path> directories = new ConcurrentHashMap<>();

    PluginNode(PluginSettings settings, BundleStore bundles, InstallationRepository installations,
            StorageSettings storage, MeterRegistry meters, Clock clock) {
        CallSettings calls = new CallSettings(settings.callTimeout(), settings.concurrency(), settings.queueCapacity(),
                settings.breakerThreshold(), settings.breakerCoolDown(), settings.maxThreads(), settings.maxNodeThreads());
        this.runtime = new PluginRuntime(new RuntimeSettings(PluginApi.VERSION, List.of("org.slf4j"), calls), clock);
        Gauge.builder("opsbench.plugin.calls.running", runtime.calls(), PluginCalls::running)
                .description("Plugin calls running on this node, those whose callers gave up included: plugin threads in use")
                .register(meters);
        Gauge.builder("opsbench.plugin.calls.abandoned", runtime.calls(), PluginCalls::abandoned)
                .description("Plugin calls still running after their callers gave up at the timeout (code ignoring interrupts)")
                .register(meters);
        this.bundles = bundles;
        this.installations = installations;
        this.workDir = storage.dataDir().resolve("plugins").resolve("loaded").toAbsolutePath();
    }

    PluginRuntime runtime() {
        return runtime;
    }

    /** The loaded release, loading it from the bundle store on first use. */
    LoadedPlugin acquire(Release release) {
        String key = release.manifest().pluginKey();
        var loaded = runtime.find(key);
        if (loaded.isPresent()) {
            return loaded.get();
        }
        synchronized (loading.computeIfAbsent(key, k -> new Object())) {
            return runtime.find(key).orElseGet(() -> load(release, key));
        }
    }

    private LoadedPlugin load(Release release, String key) {
        long started = System.nanoTime();
        byte[] bundle = bundles.load(release.sha256());
        Path directory = workDir.resolve(key.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + UUID.randomUUID());
        LoadedPlugin plugin = runtime.load(BundleArchive.read(bundle, ArchiveLimits.DEFAULTS), directory);
        directories.put(key, directory);
        log.info("Loaded plugin {} in {} ms", key, (System.nanoTime() - started) / 1_000_000);
        return plugin;
    }

    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void onInstallationsChanged(InstallationsChanged changed) {
        sweep();
    }

    /** Unloads every loaded version that no active installation of any tenant uses. */
    @Scheduled(fixedDelayString = "${opsbench.plugins.sweep-interval:5s}")
    public void sweep() {
        if (runtime.loaded().isEmpty()) {
            return;
        }
        Set<String> inUse = installations.releasesInUse();
        for (LoadedPlugin plugin : List.copyOf(runtime.loaded())) {
            if (!inUse.contains(plugin.pluginKey())) {
                unload(plugin);
            }
        }
    }

    private void unload(LoadedPlugin plugin) {
        String key = plugin.pluginKey();
        runtime.unload(plugin);
        Path directory = directories.remove(key);
        if (directory != null) {
            deleteQuietly(directory);
        }
        log.info("Unloaded plugin {}: no active installation uses it", key);
    }

    @Override
    public void destroy() {
        runtime.close();
    }

    private static void deleteQuietly(Path directory) {
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            log.debug("Could not delete {}", directory, e);
        }
    }
}
