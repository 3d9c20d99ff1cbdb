package io.opsbench.plugin;

/**
 * Facts about this plugin API.
 *
 * @since 1.0
 */
public final class PluginApi {

    /**
     * The semantic version of this plugin API. A manifest's {@code platform} range is checked against it:
     * minor versions only add, a major version may break binary compatibility.
     *
     * @since 1.0
     */
    public static final String VERSION = "1.0.0";

    /**
     * Classpath location of the manifest JSON Schema (draft 2020-12) shipped with this API.
     *
     * @since 1.0
     */
    public static final String MANIFEST_SCHEMA_RESOURCE = "io/opsbench/plugin/manifest.schema.json";

    private PluginApi() {
    }
}
