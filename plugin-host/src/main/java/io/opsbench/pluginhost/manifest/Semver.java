package io.opsbench.pluginhost.manifest;

import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic version (semver.org 2.0.0). Ordering follows the specification: pre-releases sort before
 * their release, pre-release identifiers compare numerically when numeric, and build metadata is
 * ignored by {@link #compareTo(Semver)} (but kept by {@link #equals(Object)}, as a record does).
 *
 * @param major the major version
 * @param minor the minor version
 * @param patch the patch version
 * @param preRelease the dot-separated pre-release identifiers, empty for a release
 * @param build the build metadata, empty for none
 */
public record Semver(long major, long minor, long patch, List<String> preRelease, String build) implements Comparable<Semver> {

    private static final String NUMERIC = "0|[1-9][0-9]*";
    private static final String PRE_ID = "(?:0|[1-9][0-9]*|[0-9]*[A-Za-z-][0-9A-Za-z-]*)";
    private static final Pattern SEMVER = Pattern.compile(
        "(" + NUMERIC + ")\\.(" + NUMERIC + ")\\.(" + NUMERIC + ")"
            + "(?:-(" + PRE_ID + "(?:\\." + PRE_ID + ")*))?"
            + "(?:\\+([0-9A-Za-z-]+(?:\\.[0-9A-Za-z-]+)*))?");

    /**
     * Validates the components.
     */
    public Semver {
        if (major < 0 || minor < 0 || patch < 0) {
            throw new IllegalArgumentException("version numbers must not be negative");
        }
        preRelease = List.copyOf(Objects.requireNonNull(preRelease, "preRelease"));
        build = Objects.requireNonNull(build, "build");
    }

    /**
     * Parses a version such as {@code 1.4.0}, {@code 2.0.0-rc.1} or {@code 1.0.0+build.7}.
     *
     * @param text the version
     * @return the version
     * @throws IllegalArgumentException when the text is not a semantic version
     */
    public static Semver parse(String text) {
        Matcher matcher = SEMVER.matcher(Objects.requireNonNull(text, "text"));
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a semantic version: '" + text + "'");
        }
        try {
            return new Semver(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)), Long.parseLong(matcher.group(3)),
                matcher.group(4) == null ? List.of() : List.of(matcher.group(4).split("\\.")),
                matcher.group(5) == null ? "" : matcher.group(5));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("version number too large: '" + text + "'", e);
        }
    }

    /**
     * Whether this is a pre-release.
     *
     * @return {@code true} when it has pre-release identifiers
     */
    public boolean isPreRelease() {
        return !preRelease.isEmpty();
    }

    @Override
    public int compareTo(Semver other) {
        int result = Long.compare(major, other.major);
        if (result == 0) {
            result = Long.compare(minor, other.minor);
        }
        if (result == 0) {
            result = Long.compare(patch, other.patch);
        }
        return result != 0 ? result : comparePreRelease(preRelease, other.preRelease);
    }

    private static int comparePreRelease(List<String> left, List<String> right) {
        if (left.isEmpty() || right.isEmpty()) {
            // A release ranks above any of its pre-releases.
            return Boolean.compare(left.isEmpty(), right.isEmpty());
        }
        for (int i = 0; i < Math.min(left.size(), right.size()); i++) {
            int result = compareIdentifier(left.get(i), right.get(i));
            if (result != 0) {
                return result;
            }
        }
        return Integer.compare(left.size(), right.size());
    }

    private static int compareIdentifier(String left, String right) {
        boolean leftNumeric = left.chars().allMatch(Character::isDigit);
        boolean rightNumeric = right.chars().allMatch(Character::isDigit);
        if (leftNumeric && rightNumeric) {
            return left.length() != right.length() ? Integer.compare(left.length(), right.length()) : left.compareTo(right);
        }
        if (leftNumeric != rightNumeric) {
            return leftNumeric ? -1 : 1;
        }
        return left.compareTo(right);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch
            + (preRelease.isEmpty() ? "" : "-" + String.join(".", preRelease))
            + (build.isEmpty() ? "" : "+" + build);
    }
}
