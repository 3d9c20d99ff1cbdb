package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.archive.ArchiveLimits;
import io.opsbench.pluginhost.archive.BundleArchive;
import io.opsbench.pluginhost.archive.BundleRejected;
import io.opsbench.pluginhost.manifest.Manifests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Check 1: the bundle is a readable zip that stays inside the directory it is extracted to and within the
 * size limits, and so is every jar in its {@code lib/}, whose classes the later checks read too.
 */
final class ArchiveSafetyCheck {

    static final String NAME = "archive_safety";

    record Outcome(CheckResult result, Optional<SubmittedBundle> bundle) {
    }

    private ArchiveSafetyCheck() {
    }

    static Outcome run(byte[] zip, ArchiveLimits limits) {
        BundleArchive archive;
        try {
            archive = BundleArchive.read(zip, limits);
        } catch (BundleRejected e) {
            return refused(e, e.entryName().orElse("bundle"));
        }
        Map<String, BundleArchive> libs = new LinkedHashMap<>();
        // The jars share the bundle's budget: a small bundle of jars must not inflate past it either.
        long budget = limits.maxTotalBytes() - archive.totalBytes();
        List<Finding> warnings = new ArrayList<>();
        for (String name : archive.fileNames()) {
            if (isLibJar(name)) {
                if (budget < 1) {
                    return refused(name, "the jars in lib/ inflate to more than the " + limits.maxTotalBytes() + " bytes a bundle may hold");
                }
                ArchiveLimits jarLimits = new ArchiveLimits(limits.maxEntries(), budget, limits.maxCompressionRatio(), limits.ratioFloorBytes());
                try {
                    BundleArchive jar = BundleArchive.read(archive.content(name).orElseThrow(), jarLimits);
                    budget -= jar.totalBytes();
                    libs.put(name, jar);
                } catch (BundleRejected e) {
                    return refused(e, name + e.entryName().map(entry -> "!" + entry).orElse(""));
                }
            } else if (!expected(name)) {
                warnings.add(Finding.warning(name, "not part of a bundle's layout (manifest.json, classes/, lib/*.jar): the platform ignores it"));
            }
        }
        SubmittedBundle bundle = new SubmittedBundle(archive, libs);
        String summary = archive.entryNames().size() + " entries, " + archive.totalBytes() + " bytes inflated"
            + (libs.isEmpty() ? "" : ", " + libs.size() + " jar(s) in lib/") + ", within the limits";
        CheckResult result = warnings.isEmpty()
            ? CheckResult.passed(NAME, "A safe zip: " + summary + ".")
            : new CheckResult(NAME, CheckStatus.WARNING, "A safe zip (" + summary + ") with " + warnings.size() + " entries the platform ignores.", warnings);
        return new Outcome(result, Optional.of(bundle));
    }

    private static boolean isLibJar(String name) {
        return name.startsWith(SubmittedBundle.LIB) && name.endsWith(".jar") && name.indexOf('/', SubmittedBundle.LIB.length()) < 0;
    }

    private static boolean expected(String name) {
        return name.equals(Manifests.FILE_NAME) || name.startsWith(SubmittedBundle.CLASSES);
    }

    private static Outcome refused(BundleRejected e, String location) {
        String detail = e.getMessage();
        return refused(location, detail);
    }

    private static Outcome refused(String location, String detail) {
        return new Outcome(CheckResult.failed(NAME, "The archive was refused: " + detail, List.of(Finding.error(location, detail))), Optional.empty());
    }
}
