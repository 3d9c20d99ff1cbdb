package io.opsbench.plugin.ai;

import java.util.Objects;

/**
 * A triage of a problem description.
 *
 * @param category a short category, e.g. {@code "screen"} or {@code "no-heat"}
 * @param urgency how soon it needs attention
 * @param confidence the model's confidence from 0 to 1
 * @param summary a one-line summary for the technician
 * @since 1.0
 */
public record TriageResult(String category, Urgency urgency, double confidence, String summary) {

    /**
     * Validates the result.
     *
     * @since 1.0
     */
    public TriageResult {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(urgency, "urgency");
        Objects.requireNonNull(summary, "summary");
        if (!(confidence >= 0.0 && confidence <= 1.0)) {
            throw new IllegalArgumentException("confidence must be between 0 and 1: " + confidence);
        }
    }
}
