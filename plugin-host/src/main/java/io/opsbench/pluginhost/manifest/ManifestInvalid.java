package io.opsbench.pluginhost.manifest;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A {@code manifest.json} that is missing, not JSON, or breaks the manifest schema or its rules.
 */
public final class ManifestInvalid extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient List<Violation> violations;

    ManifestInvalid(List<Violation> violations) {
        super("Invalid plugin manifest: " + violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    /**
     * Every violation found, each with its JSON pointer.
     *
     * @return the violations, never empty
     */
    public List<Violation> violations() {
        return violations;
    }
}
