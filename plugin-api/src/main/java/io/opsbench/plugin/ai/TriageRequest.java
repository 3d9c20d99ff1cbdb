package io.opsbench.plugin.ai;

import java.util.Objects;

/**
 * A problem to triage.
 *
 * @param description the customer's words
 * @param assetKind what kind of asset it is about (e.g. {@code "phone"}, {@code "boiler"}), or {@code null}
 * @since 1.0
 */
public record TriageRequest(String description, String assetKind) {

    /**
     * Validates the request.
     *
     * @since 1.0
     */
    public TriageRequest {
        Objects.requireNonNull(description, "description");
        if (description.isBlank()) {
            throw new IllegalArgumentException("description must not be blank");
        }
    }
}
