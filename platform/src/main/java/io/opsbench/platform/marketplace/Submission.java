package io.opsbench.platform.marketplace;

import io.opsbench.platform.auth.VendorId;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** One bundle a vendor uploaded, with what the automated checks and the reviewer said of it. */
public record Submission(UUID id, VendorId vendorId, String pluginId, String version, SubmissionStatus status,
        List<Check> checks, String sha256, int sizeBytes, Instant submittedAt, Instant decidedAt, String decisionNote,
        Instant yankedAt, String yankReason) {

    public record Check(String name, String status, String message, List<Finding> findings) {
    }

    public record Finding(String severity, String location, String message) {
    }
}
