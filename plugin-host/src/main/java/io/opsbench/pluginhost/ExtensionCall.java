package io.opsbench.pluginhost;

/**
 * A call of one extension, run by {@link PluginCalls} on the plugin version's own pool.
 *
 * @param <T> the extension point type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ExtensionCall<T, R> {

    /**
     * Calls the extension.
     *
     * @param extension the extension instance
     * @return the result
     * @throws Exception whatever the extension throws
     */
    R apply(T extension) throws Exception;
}
