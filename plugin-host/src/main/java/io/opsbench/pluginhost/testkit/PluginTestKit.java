package io.opsbench.pluginhost.testkit;

import io.opsbench.plugin.PluginHttpRequest;
import io.opsbench.pluginhost.ExtensionCall;
import io.opsbench.pluginhost.LoadedPlugin;
import io.opsbench.pluginhost.PluginRuntime;
import io.opsbench.pluginhost.RuntimeSettings;
import io.opsbench.pluginhost.archive.ArchiveLimits;
import io.opsbench.pluginhost.archive.BundleArchive;
import io.opsbench.pluginhost.manifest.ConfigSchemas;
import io.opsbench.pluginhost.manifest.ConfigValidation;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.opsbench.pluginhost.manifest.Violation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.pf4j.ExtensionPoint;
import tools.jackson.databind.json.JsonMapper;

/**
 * Loads a built plugin bundle the way the platform does (the same archive checks, manifest validation,
 * isolated classloader and call executor) so a vendor's test exercises the bundle they will submit.
 *
 * <pre>{@code
 * try (PluginTestKit kit = PluginTestKit.load(Path.of("target/my-plugin-1.0.0-bundle.zip"))) {
 *     TestPluginContext context = TestPluginContext.builder().config("endpoint", server.url()).build();
 *     SmsReceipt receipt = kit.call(SmsSender.class, sender -> sender.send(context, new SmsMessage("+4915112345678", "Hi")));
 * }
 * }</pre>
 */
public final class PluginTestKit implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final PluginRuntime runtime;
    private final LoadedPlugin plugin;
    private final Path workDirectory;

    private PluginTestKit(PluginRuntime runtime, LoadedPlugin plugin, Path workDirectory) {
        this.runtime = runtime;
        this.plugin = plugin;
        this.workDirectory = workDirectory;
    }

    /**
     * Loads a bundle zip with the platform's default settings.
     *
     * @param bundleZip the bundle, e.g. {@code target/*-bundle.zip}
     * @return the test kit; close it to unload the plugin
     * @throws io.opsbench.pluginhost.archive.BundleRejected when the zip breaks the archive rules
     * @throws io.opsbench.pluginhost.manifest.ManifestInvalid when the manifest is invalid
     * @throws io.opsbench.pluginhost.PluginLoadFailed when the plugin cannot be loaded
     */
    public static PluginTestKit load(Path bundleZip) {
        return load(bundleZip, RuntimeSettings.DEFAULTS);
    }

    /**
     * Loads a bundle zip with the given settings, e.g. a shorter call timeout.
     *
     * @param bundleZip the bundle
     * @param settings runtime settings
     * @return the test kit; close it to unload the plugin
     */
    public static PluginTestKit load(Path bundleZip, RuntimeSettings settings) {
        BundleArchive archive = BundleArchive.read(bundleZip, ArchiveLimits.DEFAULTS);
        Path workDirectory;
        try {
            workDirectory = Files.createTempDirectory("opsbench-plugin-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PluginRuntime runtime = new PluginRuntime(settings, Clock.systemUTC());
        try {
            LoadedPlugin plugin = runtime.load(archive, workDirectory.resolve("bundle"));
            return new PluginTestKit(runtime, plugin, workDirectory);
        } catch (RuntimeException e) {
            runtime.close();
            deleteRecursively(workDirectory);
            throw e;
        }
    }

    /**
     * The bundle's validated manifest.
     *
     * @return the manifest
     */
    public PluginManifest manifest() {
        return plugin.manifest();
    }

    /**
     * The loaded plugin.
     *
     * @return the plugin
     */
    public LoadedPlugin plugin() {
        return plugin;
    }

    /**
     * The first extension of an extension point, for direct calls. Prefer {@link #call(Class, ExtensionCall)},
     * which runs like the platform does.
     *
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param <T> the extension point type
     * @return the extension
     * @throws AssertionError when the bundle has none
     */
    public <T extends ExtensionPoint> T extension(Class<T> extensionPoint) {
        return plugin.extension(extensionPoint)
            .orElseThrow(() -> new AssertionError(plugin.pluginKey() + " has no " + extensionPoint.getSimpleName() + " extension"));
    }

    /**
     * Calls the first extension of an extension point on the plugin's own pool, with its classloader as context
     * classloader and the platform's timeout, exactly as the platform calls it.
     *
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param call what to do with the extension
     * @param <T> the extension point type
     * @param <R> the result type
     * @return the result
     * @throws io.opsbench.pluginhost.PluginCallFailed when the call threw or timed out; the plugin's own
     *     exception is its cause
     */
    public <T extends ExtensionPoint, R> R call(Class<T> extensionPoint, ExtensionCall<T, R> call) {
        return runtime.calls().call(plugin, extensionPoint, call);
    }

    /**
     * Validates a configuration against the manifest's {@code config_schema}, as the platform does on install.
     *
     * @param config configuration values
     * @return the violations (with JSON pointers) and the secret property names
     */
    public ConfigValidation validateConfig(Map<String, ?> config) {
        return plugin.manifest().configSchema()
            .map(schema -> ConfigSchemas.validate(schema, JSON.valueToTree(config)))
            .orElseGet(() -> new ConfigValidation(config.isEmpty() ? List.of()
                : List.of(new Violation("", "the manifest has no config_schema, so the plugin takes no configuration")), Set.of()));
    }

    /**
     * Checks that an extension keeps no tenant state: calls it with {@code first}, then {@code second}, then
     * {@code first} again, and fails when what a call produced (its result's {@code toString()}, the HTTP
     * requests it sent, the lines it logged) contains the tenant id, installation id or any configuration string
     * of the other context. Give the two contexts different ids, endpoints and secrets, and a call that sends
     * what it would send for real.
     *
     * @param extensionPoint e.g. {@code SmsSender.class}
     * @param first one tenant's context
     * @param second another tenant's context
     * @param call the call to make with each context
     * @param <T> the extension point type
     * @param <R> the result type
     * @throws AssertionError naming the leaked value and where it appeared
     */
    public <T extends ExtensionPoint, R> void assertNoLeakBetweenTenants(Class<T> extensionPoint, TestPluginContext first,
        TestPluginContext second, ContextCall<T, R> call) {
        Map<String, String> firstMarkers = markers(first);
        Map<String, String> secondMarkers = markers(second);
        // A value both tenants share (the same endpoint) proves nothing either way.
        Set<String> shared = new HashSet<>(firstMarkers.values());
        shared.retainAll(secondMarkers.values());
        firstMarkers.values().removeAll(shared);
        secondMarkers.values().removeAll(shared);
        if (firstMarkers.isEmpty() || secondMarkers.isEmpty()) {
            throw new IllegalArgumentException("the two contexts must differ in tenant id, installation id or configuration");
        }
        observe(extensionPoint, first, call);
        assertNothingOf(firstMarkers, "first", observe(extensionPoint, second, call), "second");
        assertNothingOf(secondMarkers, "second", observe(extensionPoint, first, call), "first");
    }

    private <T extends ExtensionPoint, R> String observe(Class<T> extensionPoint, TestPluginContext context, ContextCall<T, R> call) {
        int requestsBefore = context.requests().size();
        int logLinesBefore = context.logLines().size();
        R result = call(extensionPoint, extension -> call.apply(extension, context));
        StringBuilder observed = new StringBuilder("result: ").append(result).append('\n');
        List<PluginHttpRequest> requests = context.requests();
        for (PluginHttpRequest request : requests.subList(requestsBefore, requests.size())) {
            observed.append("request: ").append(request.method()).append(' ').append(request.uri()).append(' ')
                .append(request.headers()).append(' ').append(new String(request.body(), StandardCharsets.UTF_8)).append('\n');
        }
        List<String> logLines = context.logLines();
        logLines.subList(logLinesBefore, logLines.size()).forEach(line -> observed.append("log: ").append(line).append('\n'));
        return observed.toString();
    }

    private static void assertNothingOf(Map<String, String> markers, String owner, String observed, String caller) {
        markers.forEach((name, value) -> {
            if (observed.contains(value)) {
                throw new AssertionError("Tenant state leaked: the call with the " + caller + " context produced the " + owner
                    + " context's " + name + " (extensions must keep no tenant state between calls)");
            }
        });
    }

    private static Map<String, String> markers(TestPluginContext context) {
        Map<String, String> markers = new LinkedHashMap<>();
        markers.put("tenant id", context.tenantId());
        markers.put("installation id", context.installationId());
        context.config().asMap().forEach((key, value) -> {
            // Short values ("1", "en") would match by accident.
            if (value instanceof String text && text.length() >= 4) {
                markers.put("config '" + key + "'", text);
            }
        });
        return markers;
    }

    /**
     * Unloads the plugin and deletes the extracted bundle.
     */
    @Override
    public void close() {
        runtime.close();
        deleteRecursively(workDirectory);
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A leftover temp directory is harmless; a failing close() would hide the test's real outcome.
        }
    }
}
