package io.opsbench.pluginhost.testkit;

import io.opsbench.plugin.PluginContext;

/**
 * A call of an extension with a given context, as used by
 * {@link PluginTestKit#assertNoLeakBetweenTenants(Class, TestPluginContext, TestPluginContext, ContextCall)}.
 *
 * @param <T> the extension point type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ContextCall<T, R> {

    /**
     * Calls the extension.
     *
     * @param extension the extension
     * @param context the context to pass
     * @return the result
     * @throws Exception whatever the extension throws
     */
    R apply(T extension, PluginContext context) throws Exception;
}
