/**
 * Loading plugin bundles into isolated PF4J classloaders and calling their extensions safely.
 *
 * <p>{@link io.opsbench.pluginhost.PluginRuntime} loads and unloads plugin versions;
 * {@link io.opsbench.pluginhost.PluginCalls} runs each extension call on its plugin version's own bounded
 * pool with a timeout and a circuit breaker. The platform, the marketplace's checks and the vendor test kit
 * ({@code io.opsbench.pluginhost.testkit}) all go through these two classes, so a bundle that passes a
 * vendor's test loads the same way in production.
 */
package io.opsbench.pluginhost;
