package io.opsbench.pluginhost;

import io.opsbench.plugin.PluginException;
import java.util.Optional;

/**
 * A call into a plugin that did not return a result. The platform answers it with {@code 502 plugin_error}
 * naming the plugin; other tenants and plugins are unaffected.
 */
public final class PluginCallFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** How a call failed. */
    public enum Reason {
        /** The extension threw. */
        ERROR,
        /** The extension did not answer within the timeout. */
        TIMEOUT,
        /** The plugin version's pool and queue are full, or it has been unloaded. */
        REJECTED,
        /** The plugin version timed out repeatedly and is not being called for a while. */
        CIRCUIT_OPEN
    }

    private final String pluginId;
    private final String version;
    private final Reason reason;

    PluginCallFailed(LoadedPlugin plugin, Reason reason, String message, Throwable cause) {
        super(plugin.pluginKey() + " " + reason + ": " + message, cause);
        this.pluginId = plugin.manifest().id();
        this.version = plugin.manifest().version().toString();
        this.reason = reason;
    }

    /**
     * The plugin's manifest id.
     *
     * @return e.g. {@code com.example.sms-gateway}
     */
    public String pluginId() {
        return pluginId;
    }

    /**
     * The plugin's version.
     *
     * @return e.g. {@code 1.2.0}
     */
    public String version() {
        return version;
    }

    /**
     * How the call failed.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The plugin's own account of an {@link Reason#ERROR}, when it threw a {@link PluginException}.
     *
     * @return the plugin exception, with its code and retryable flag
     */
    public Optional<PluginException> pluginException() {
        return getCause() instanceof PluginException e ? Optional.of(e) : Optional.empty();
    }
}
