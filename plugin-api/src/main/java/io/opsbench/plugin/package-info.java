/**
 * The Opsbench plugin SPI: what every extension receives ({@link io.opsbench.plugin.PluginContext}),
 * the capabilities a plugin can declare and the exception a plugin throws to report a failure.
 *
 * <p>One package per capability holds its extension point and value records. A loaded plugin version
 * serves every tenant, so extensions must keep no tenant state: everything tenant-specific arrives
 * through the {@code PluginContext} argument of each call.
 *
 * @since 1.0
 */
package io.opsbench.plugin;
