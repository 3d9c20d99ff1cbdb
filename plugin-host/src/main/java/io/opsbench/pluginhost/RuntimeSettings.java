package io.opsbench.pluginhost;

import io.opsbench.plugin.PluginApi;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link PluginRuntime} loads and calls plugins.
 *
 * @param platformApiVersion the plugin-api version plugins' {@code platform} ranges are checked against
 * @param sharedPackages packages of the host, besides plugin-api and PF4J, that plugins may load
 *     (e.g. {@code org.slf4j}); keep the list short, each entry is a way into the host
 * @param calls per-call timeout, bulkhead and circuit-breaker settings
 */
public record RuntimeSettings(String platformApiVersion, List<String> sharedPackages, CallSettings calls) {

    /** plugin-api's own version, slf4j-api shared, default call settings. */
    public static final RuntimeSettings DEFAULTS = new RuntimeSettings(PluginApi.VERSION, List.of("org.slf4j"), CallSettings.DEFAULTS);

    /**
     * Validates and copies the components.
     */
    public RuntimeSettings {
        Objects.requireNonNull(platformApiVersion, "platformApiVersion");
        sharedPackages = List.copyOf(sharedPackages);
        Objects.requireNonNull(calls, "calls");
    }

    /**
     * These settings with other call settings.
     *
     * @param calls the call settings
     * @return new settings
     */
    public RuntimeSettings withCalls(CallSettings calls) {
        return new RuntimeSettings(platformApiVersion, sharedPackages, calls);
    }
}
