package io.opsbench.marketplace.review;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of one named check.
 *
 * @param name the check, e.g. {@code bytecode_scan}; see {@link BundleReview#CHECKS}
 * @param status passed, failed, warning or skipped
 * @param message one sentence for people
 * @param findings the precise findings, in the order found; empty when there is nothing to point at
 */
public record CheckResult(String name, CheckStatus status, String message, List<Finding> findings) {

    /**
     * Validates and copies the components.
     */
    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(message, "message");
        findings = List.copyOf(findings);
    }

    static CheckResult passed(String name, String message) {
        return new CheckResult(name, CheckStatus.PASSED, message, List.of());
    }

    static CheckResult skipped(String name, String why) {
        return new CheckResult(name, CheckStatus.SKIPPED, why, List.of());
    }

    static CheckResult failed(String name, String message, List<Finding> findings) {
        return new CheckResult(name, CheckStatus.FAILED, message, findings);
    }

    /**
     * Failed when any finding is an error, warning when there are only warnings, otherwise passed.
     */
    static CheckResult of(String name, List<Finding> findings, String passedMessage, String warningMessage, String failedMessage) {
        if (findings.stream().anyMatch(Finding::isError)) {
            return new CheckResult(name, CheckStatus.FAILED, failedMessage, findings);
        }
        if (!findings.isEmpty()) {
            return new CheckResult(name, CheckStatus.WARNING, warningMessage, findings);
        }
        return new CheckResult(name, CheckStatus.PASSED, passedMessage, findings);
    }

    /**
     * Whether this check failed the submission.
     *
     * @return {@code true} when failed
     */
    public boolean failed() {
        return status == CheckStatus.FAILED;
    }
}
