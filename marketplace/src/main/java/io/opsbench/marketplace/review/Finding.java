package io.opsbench.marketplace.review;

import java.util.Objects;

/**
 * One precise thing a check found.
 *
 * @param severity {@code "error"} (the check fails) or {@code "warning"} (for the reviewer)
 * @param location where: {@code manifest.json#/version}, {@code classes/com/acme/Foo.class},
 *     {@code lib/x.jar!com/x/Y.class}, {@code com.acme.Foo#send(PluginContext, SmsMessage)}
 * @param message what is wrong and why it matters
 */
public record Finding(String severity, String location, String message) {

    /** The severity of a finding that fails its check. */
    public static final String ERROR = "error";
    /** The severity of a finding shown to the reviewer without failing its check. */
    public static final String WARNING = "warning";

    /**
     * Validates the components.
     */
    public Finding {
        if (!ERROR.equals(severity) && !WARNING.equals(severity)) {
            throw new IllegalArgumentException("severity must be 'error' or 'warning': " + severity);
        }
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(message, "message");
    }

    static Finding error(String location, String message) {
        return new Finding(ERROR, location, message);
    }

    static Finding warning(String location, String message) {
        return new Finding(WARNING, location, message);
    }

    /**
     * Whether this finding fails its check.
     *
     * @return {@code true} for an error
     */
    public boolean isError() {
        return ERROR.equals(severity);
    }
}
