package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.manifest.Semver;
import java.util.List;
import java.util.Optional;

/** What the platform knows about earlier submissions; implemented by the platform over its database. */
public interface SubmissionHistory {

    /**
     * The vendor submitting this bundle.
     *
     * @return the vendor's id
     */
    String submittingVendorId();

    /**
     * The vendor id owning this plugin id: the first vendor whose submission of it passed the automated checks.
     *
     * @param pluginId the manifest's {@code id}
     * @return the owner, empty if none yet
     */
    Optional<String> owner(String pluginId);

    /**
     * Versions of earlier submissions of this plugin id that passed the automated checks (whatever the reviewer
     * did later).
     *
     * @param pluginId the manifest's {@code id}
     * @return the versions, in any order
     */
    List<Semver> earlierVersions(String pluginId);

    /**
     * A history for a vendor's very first submission of anything: no owners, no earlier versions.
     *
     * @param vendorId the submitting vendor
     * @return the history
     */
    static SubmissionHistory firstSubmission(String vendorId) {
        return new SubmissionHistory() {
            @Override
            public String submittingVendorId() {
                return vendorId;
            }

            @Override
            public Optional<String> owner(String pluginId) {
                return Optional.empty();
            }

            @Override
            public List<Semver> earlierVersions(String pluginId) {
                return List.of();
            }
        };
    }
}
