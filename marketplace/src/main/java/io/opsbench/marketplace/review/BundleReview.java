package io.opsbench.marketplace.review;

import io.opsbench.plugin.PluginApi;
import io.opsbench.pluginhost.manifest.PluginManifest;
import io.opsbench.pluginhost.manifest.Semver;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs every automated check on one submitted bundle. Every check of {@link #CHECKS} is always reported, in that
 * order; a check an earlier failure makes meaningless is {@linkplain CheckStatus#SKIPPED skipped} with the
 * reason, and the sandbox load is skipped after any failure, because code that already failed review must not
 * run at all.
 *
 * <p>Thread-safe; one instance per application.
 */
public final class BundleReview {

    /** The checks, in the order they run and are reported. */
    public static final List<String> CHECKS = List.of(ArchiveSafetyCheck.NAME, ManifestCheck.NAME, VersionCheck.NAME,
        PlatformCompatibilityCheck.NAME, ExtensionsCheck.NAME, BundledPlatformCheck.NAME, BytecodeScan.NAME, ConfigSchemaCheck.NAME,
        SandboxCheck.NAME);

    private final ReviewSettings settings;
    private final Semver apiVersion = Semver.parse(PluginApi.VERSION);
    private final SandboxCheck sandbox;

    /**
     * A review.
     *
     * @param settings archive limits and sandbox settings
     */
    public BundleReview(ReviewSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.sandbox = new SandboxCheck(settings);
    }

    /**
     * Reviews a bundle.
     *
     * @param bundle the bundle's raw bytes, as uploaded
     * @param history what the platform knows about earlier submissions and the submitting vendor
     * @return every check's result and the bundle's SHA-256
     */
    public ReviewReport review(byte[] bundle, SubmissionHistory history) {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(history, "history");
        String sha256 = sha256(bundle);
        Map<String, CheckResult> results = new LinkedHashMap<>();

        ArchiveSafetyCheck.Outcome archive = guarded(ArchiveSafetyCheck.NAME,
            () -> ArchiveSafetyCheck.run(bundle, settings.archiveLimits()), r -> new ArchiveSafetyCheck.Outcome(r, Optional.empty()));
        results.put(ArchiveSafetyCheck.NAME, archive.result());
        if (archive.bundle().isEmpty()) {
            return report(sha256, Optional.empty(), results, "the archive was refused (archive_safety), so nothing in it was examined");
        }
        SubmittedBundle submitted = archive.bundle().get();

        ManifestCheck.Outcome manifestOutcome = guarded(ManifestCheck.NAME, () -> ManifestCheck.run(submitted),
            r -> new ManifestCheck.Outcome(r, Optional.empty(), List.of()));
        results.put(ManifestCheck.NAME, manifestOutcome.result());
        Optional<PluginManifest> manifest = manifestOutcome.manifest();
        if (manifest.isPresent()) {
            PluginManifest m = manifest.get();
            results.put(VersionCheck.NAME, check(VersionCheck.NAME, () -> VersionCheck.run(m, history)));
            results.put(PlatformCompatibilityCheck.NAME, check(PlatformCompatibilityCheck.NAME, () -> PlatformCompatibilityCheck.run(m, apiVersion)));
            results.put(ExtensionsCheck.NAME, check(ExtensionsCheck.NAME, () -> ExtensionsCheck.run(submitted, m)));
        }
        results.put(BundledPlatformCheck.NAME, check(BundledPlatformCheck.NAME, () -> BundledPlatformCheck.run(submitted)));
        results.put(BytecodeScan.NAME, check(BytecodeScan.NAME, () -> BytecodeScan.run(submitted, PluginApi.VERSION)));
        if (manifest.isPresent()) {
            results.put(ConfigSchemaCheck.NAME, check(ConfigSchemaCheck.NAME,
                () -> ConfigSchemaCheck.run(manifest.get(), manifestOutcome.configSchemaViolations())));
        }
        List<String> failed = results.values().stream().filter(CheckResult::failed).map(CheckResult::name).toList();
        if (failed.isEmpty()) {
            results.put(SandboxCheck.NAME, check(SandboxCheck.NAME, () -> sandbox.run(submitted)));
        } else {
            results.put(SandboxCheck.NAME, CheckResult.skipped(SandboxCheck.NAME,
                "Not run because " + String.join(", ", failed) + " failed: code that failed review is never run."));
        }
        return report(sha256, manifest, results, "manifest.json is missing or invalid (manifest), so there is nothing to check this against");
    }

    /** Every check in order, those not run reported as skipped with the reason. */
    private static ReviewReport report(String sha256, Optional<PluginManifest> manifest, Map<String, CheckResult> results, String skipReason) {
        List<CheckResult> checks = new ArrayList<>();
        for (String name : CHECKS) {
            CheckResult result = results.get(name);
            checks.add(result != null ? result : CheckResult.skipped(name, "Skipped: " + skipReason + "."));
        }
        return new ReviewReport(sha256, manifest, checks);
    }

    private static CheckResult check(String name, Supplier<CheckResult> check) {
        return guarded(name, check, r -> r);
    }

    /** A check that breaks unexpectedly fails closed: the bundle is not let through on a bug of ours. */
    private static <T> T guarded(String name, Supplier<T> check, Function<CheckResult, T> onFailure) {
        try {
            return check.get();
        } catch (RuntimeException | StackOverflowError e) {
            String message = "The check could not complete (" + e + "); the bundle cannot be accepted until it does.";
            return onFailure.apply(CheckResult.failed(name, message, List.of(Finding.error("bundle", message))));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
