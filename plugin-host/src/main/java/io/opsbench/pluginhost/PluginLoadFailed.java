package io.opsbench.pluginhost;

/**
 * A bundle whose manifest is valid but which cannot be loaded and run as it stands.
 */
public final class PluginLoadFailed extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a plugin did not load. */
    public enum Reason {
        /** The directory has no readable {@code manifest.json}. */
        NO_MANIFEST,
        /** The manifest's {@code platform} range excludes the running plugin-api version. */
        INCOMPATIBLE_PLATFORM,
        /** This id and version is loaded already. */
        ALREADY_LOADED,
        /** The bundle lists no extension ({@code META-INF/extensions.idx} missing or empty). */
        NO_EXTENSIONS,
        /** An extension class cannot be loaded or instantiated, or implements no extension point. */
        EXTENSION_BROKEN,
        /** A declared capability has no extension, or an extension implements an undeclared capability. */
        CAPABILITY_MISMATCH,
        /** PF4J refused the plugin. */
        PF4J_REFUSED
    }

    private final Reason reason;
    private final String pluginKey;

    PluginLoadFailed(Reason reason, String pluginKey, String message) {
        this(reason, pluginKey, message, null);
    }

    PluginLoadFailed(Reason reason, String pluginKey, String message, Throwable cause) {
        super(pluginKey + ": " + message, cause);
        this.reason = reason;
        this.pluginKey = pluginKey;
    }

    /**
     * Why the plugin did not load.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The plugin that failed, {@code <id>@<version>}, or the directory when no manifest was read.
     *
     * @return the plugin key
     */
    public String pluginKey() {
        return pluginKey;
    }
}
