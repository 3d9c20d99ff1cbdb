package io.opsbench.plugin;

import java.util.Objects;

/**
 * Thrown by an extension when its call failed in a way it understands: the provider refused the
 * request, the configuration is unusable, the network failed. The platform reports the {@link #code()}
 * and decides whether to retry from {@link #retryable()}; the message is shown to the shop's
 * administrators, so it must not contain secrets.
 *
 * @since 1.0
 */
public class PluginException extends RuntimeException {

    /** Serialization version. */
    private static final long serialVersionUID = 1L;

    /** The machine-readable code. */
    private final String code;
    /** Whether the call may be retried. */
    private final boolean retryable;

    /**
     * A failure that is not worth retrying.
     *
     * @param code a short machine-readable code, e.g. {@code "provider_rejected"}
     * @param message what happened, for people
     * @since 1.0
     */
    public PluginException(String code, String message) {
        this(code, message, false, null);
    }

    /**
     * A failure, retryable or not.
     *
     * @param code a short machine-readable code
     * @param message what happened, for people
     * @param retryable whether the same call may succeed later (timeouts, 5xx, rate limits)
     * @since 1.0
     */
    public PluginException(String code, String message, boolean retryable) {
        this(code, message, retryable, null);
    }

    /**
     * A failure caused by another exception.
     *
     * @param code a short machine-readable code
     * @param message what happened, for people
     * @param retryable whether the same call may succeed later
     * @param cause the underlying exception, may be {@code null}
     * @since 1.0
     */
    public PluginException(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
        this.retryable = retryable;
    }

    /**
     * The machine-readable code.
     *
     * @return the code given at construction
     * @since 1.0
     */
    public String code() {
        return code;
    }

    /**
     * Whether the platform may retry the same call later.
     *
     * @return {@code true} for transient failures
     * @since 1.0
     */
    public boolean retryable() {
        return retryable;
    }
}
