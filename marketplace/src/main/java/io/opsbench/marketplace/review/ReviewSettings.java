package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.archive.ArchiveLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How bundles are reviewed.
 *
 * @param archiveLimits limits for archive safety, applied to the bundle and, together, to the jars in its {@code lib/}
 * @param sandboxTimeout hard timeout of the sandbox JVM, start-up included (default 30 s)
 * @param sandboxHeap the sandbox JVM's maximum heap, e.g. {@code "96m"}
 * @param sandboxWorkDir parent directory of the sandbox's temporary directories and of its classpath cache
 * @param javaExecutable path of the {@code java} launcher that starts the sandbox JVM
 */
public record ReviewSettings(ArchiveLimits archiveLimits, Duration sandboxTimeout, String sandboxHeap, Path sandboxWorkDir, Path javaExecutable) {

    /**
     * Validates the components.
     */
    public ReviewSettings {
        Objects.requireNonNull(archiveLimits, "archiveLimits");
        Objects.requireNonNull(sandboxTimeout, "sandboxTimeout");
        if (sandboxTimeout.isNegative() || sandboxTimeout.isZero()) {
            throw new IllegalArgumentException("sandboxTimeout must be positive");
        }
        // Passed to the JVM as -Xmx: anything but a size would be another JVM option.
        if (sandboxHeap == null || !sandboxHeap.matches("[1-9][0-9]*[kKmMgG]?")) {
            throw new IllegalArgumentException("sandboxHeap must be a size such as 96m: " + sandboxHeap);
        }
        Objects.requireNonNull(sandboxWorkDir, "sandboxWorkDir");
        Objects.requireNonNull(javaExecutable, "javaExecutable");
    }

    /**
     * Default archive limits, a 30 s timeout, a 96 MiB heap and the running JVM's {@code java}.
     *
     * @param sandboxWorkDir parent directory of the sandbox's temporary directories
     * @return the settings
     */
    public static ReviewSettings defaults(Path sandboxWorkDir) {
        return new ReviewSettings(ArchiveLimits.DEFAULTS, Duration.ofSeconds(30), "96m", sandboxWorkDir, runningJava());
    }

    /**
     * These settings with another sandbox timeout.
     *
     * @param timeout the hard timeout
     * @return new settings
     */
    public ReviewSettings withSandboxTimeout(Duration timeout) {
        return new ReviewSettings(archiveLimits, timeout, sandboxHeap, sandboxWorkDir, javaExecutable);
    }

    /**
     * The {@code java} of the running JVM: {@code java.home/bin/java}, else the running process's command.
     *
     * @return its path
     */
    static Path runningJava() {
        Path home = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(home)) {
            return home;
        }
        return ProcessHandle.current().info().command().map(Path::of)
            .orElseThrow(() -> new IllegalStateException("cannot find the java launcher of this JVM"));
    }
}
