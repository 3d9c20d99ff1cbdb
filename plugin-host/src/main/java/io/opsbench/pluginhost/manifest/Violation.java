package io.opsbench.pluginhost.manifest;

import java.util.Objects;

/**
 * One reason a document is invalid.
 *
 * @param pointer the JSON pointer (RFC 6901) of the offending value, {@code ""} for the document itself
 * @param message what is wrong, for people
 */
public record Violation(String pointer, String message) {

    /**
     * Validates the components.
     */
    public Violation {
        Objects.requireNonNull(pointer, "pointer");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return (pointer.isEmpty() ? "(document)" : pointer) + ": " + message;
    }
}
