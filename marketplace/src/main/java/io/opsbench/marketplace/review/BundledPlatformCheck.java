package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.archive.BundleArchive;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Check 6: the bundle carries no copy of plugin-api or PF4J, neither in {@code classes/} nor in a jar of
 * {@code lib/}. The platform provides both; a bundled copy is either ignored (the plugin's classloader asks the
 * platform first) or, where it is not, defines look-alike types the platform cannot call.
 */
final class BundledPlatformCheck {

    static final String NAME = "no_bundled_platform";

    private record Library(String prefix, String name, String advice) {
    }

    private static final List<Library> LIBRARIES = List.of(
        new Library(PlatformTypes.API_PREFIX, "plugin-api", "depend on opsbench-plugin-api with <scope>provided</scope>"),
        new Library(PlatformTypes.PF4J_PREFIX, "PF4J", "PF4J comes with plugin-api; keep it out of the bundle (<scope>provided</scope>)"));

    private BundledPlatformCheck() {
    }

    static CheckResult run(SubmittedBundle bundle) {
        List<Finding> findings = new ArrayList<>();
        List<String> own = bundle.archive().fileNames().stream()
            .filter(n -> n.startsWith(SubmittedBundle.CLASSES)).map(n -> n.substring(SubmittedBundle.CLASSES.length())).toList();
        scan(SubmittedBundle.CLASSES, own, findings);
        for (Map.Entry<String, BundleArchive> jar : bundle.libs().entrySet()) {
            scan(jar.getKey() + "!", List.copyOf(jar.getValue().fileNames()), findings);
        }
        return CheckResult.of(NAME, findings, "The bundle carries no copy of plugin-api or PF4J.", "",
            "The bundle carries its own copy of plugin-api or PF4J, which the platform provides.");
    }

    /** One finding per library per container, naming the first file and how many there are. */
    private static void scan(String container, List<String> names, List<Finding> findings) {
        for (Library library : LIBRARIES) {
            List<String> copies = names.stream().filter(n -> n.startsWith(library.prefix())).toList();
            if (!copies.isEmpty()) {
                findings.add(Finding.error(container + copies.getFirst(), copies.size() + " file(s) of " + library.name()
                    + " under " + container + library.prefix() + "; " + library.advice()));
            }
        }
    }
}
