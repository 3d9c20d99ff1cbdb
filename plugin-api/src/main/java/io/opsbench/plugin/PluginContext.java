package io.opsbench.plugin;

import java.time.Clock;

/**
 * The calling tenant's view of the platform, passed as an argument to every extension method.
 *
 * <p>One loaded plugin version serves every tenant. An extension must therefore keep nothing from a
 * context beyond the call it was given for: no tenant id, configuration or secret in a field or a static.
 *
 * @since 1.0
 */
public interface PluginContext {

    /**
     * The tenant on whose behalf this call runs.
     *
     * @return an opaque, stable tenant id
     * @since 1.0
     */
    String tenantId();

    /**
     * The installation of this plugin in the tenant that is being called.
     *
     * @return an opaque, stable installation id
     * @since 1.0
     */
    String installationId();

    /**
     * The installation's configuration, already validated against the manifest's {@code config_schema},
     * with secrets decrypted.
     *
     * @return a read-only configuration view
     * @since 1.0
     */
    PluginConfig config();

    /**
     * A logger whose lines the platform tags with the tenant and the plugin. Never log secrets.
     *
     * @return the logger for this call
     * @since 1.0
     */
    PluginLogger logger();

    /**
     * The platform's clock; use it instead of {@code Instant.now()} so calls can be tested.
     *
     * @return the clock
     * @since 1.0
     */
    Clock clock();

    /**
     * The version of plugin-api the running platform implements, e.g. {@code "1.0.0"}.
     *
     * @return a semantic version
     * @since 1.0
     */
    String platformApiVersion();

    /**
     * The HTTP client a plugin must use to reach its provider. The platform applies its egress rules
     * behind it (private, loopback, link-local and metadata addresses are refused in production).
     *
     * @return the HTTP client for this call
     * @since 1.0
     */
    PluginHttp http();
}
