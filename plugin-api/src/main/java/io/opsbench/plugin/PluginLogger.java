package io.opsbench.plugin;

/**
 * A small logger the platform hands to each call, so plugins need no logging library of their own.
 *
 * @since 1.0
 */
public interface PluginLogger {

    /**
     * Logs detail useful when diagnosing a plugin.
     *
     * @param message the message, without secrets
     * @since 1.0
     */
    void debug(String message);

    /**
     * Logs a normal event.
     *
     * @param message the message, without secrets
     * @since 1.0
     */
    void info(String message);

    /**
     * Logs something unexpected that the plugin recovered from.
     *
     * @param message the message, without secrets
     * @since 1.0
     */
    void warn(String message);

    /**
     * Logs a failure.
     *
     * @param message the message, without secrets
     * @param cause the exception, may be {@code null}
     * @since 1.0
     */
    void error(String message, Throwable cause);
}
