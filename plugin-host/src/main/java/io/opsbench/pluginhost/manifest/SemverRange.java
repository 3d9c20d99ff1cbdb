package io.opsbench.pluginhost.manifest;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A range of semantic versions as written in a manifest's {@code platform} field: space-separated
 * comparators that must all hold ({@code >=1.0.0 <2.0.0}), each {@code >=}, {@code >}, {@code <=},
 * {@code <} or {@code =} (the default), or one caret or tilde shorthand ({@code ^1.2.0} is
 * {@code >=1.2.0 <2.0.0}, {@code ^0.3.1} is {@code >=0.3.1 <0.4.0}, {@code ~1.2.0} is {@code >=1.2.0 <1.3.0}).
 *
 * <p>Versions compare by semver precedence; unlike npm, a pre-release is not excluded specially.
 */
public final class SemverRange {

    private enum Operator {
        GE(">="), LE("<="), GT(">"), LT("<"), EQ("=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        boolean test(int comparison) {
            return switch (this) {
                case GE -> comparison >= 0;
                case LE -> comparison <= 0;
                case GT -> comparison > 0;
                case LT -> comparison < 0;
                case EQ -> comparison == 0;
            };
        }
    }

    private record Comparator(Operator operator, Semver version) {
        boolean test(Semver candidate) {
            return operator.test(candidate.compareTo(version));
        }
    }

    private final String text;
    private final List<Comparator> comparators;

    private SemverRange(String text, List<Comparator> comparators) {
        this.text = text;
        this.comparators = comparators;
    }

    /**
     * Parses a range.
     *
     * @param text e.g. {@code ">=1.0.0 <2.0.0"} or {@code "^1.2.0"}
     * @return the range
     * @throws IllegalArgumentException when the text is not a range
     */
    public static SemverRange parse(String text) {
        Objects.requireNonNull(text, "text");
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("empty version range");
        }
        List<Comparator> comparators = new ArrayList<>();
        for (String part : trimmed.split("\\s+")) {
            comparators.addAll(parseComparator(part));
        }
        return new SemverRange(trimmed, List.copyOf(comparators));
    }

    private static List<Comparator> parseComparator(String part) {
        if (part.startsWith("^")) {
            Semver low = Semver.parse(part.substring(1));
            Semver high = low.major() > 0 ? release(low.major() + 1, 0, 0)
                : low.minor() > 0 ? release(0, low.minor() + 1, 0)
                : release(0, 0, low.patch() + 1);
            return List.of(new Comparator(Operator.GE, low), new Comparator(Operator.LT, high));
        }
        if (part.startsWith("~")) {
            Semver low = Semver.parse(part.substring(1));
            return List.of(new Comparator(Operator.GE, low), new Comparator(Operator.LT, release(low.major(), low.minor() + 1, 0)));
        }
        for (Operator operator : Operator.values()) {
            if (part.startsWith(operator.symbol)) {
                return List.of(new Comparator(operator, Semver.parse(part.substring(operator.symbol.length()))));
            }
        }
        return List.of(new Comparator(Operator.EQ, Semver.parse(part)));
    }

    private static Semver release(long major, long minor, long patch) {
        return new Semver(major, minor, patch, List.of(), "");
    }

    /**
     * Whether a version satisfies every comparator.
     *
     * @param version the candidate
     * @return {@code true} when it is in the range
     */
    public boolean includes(Semver version) {
        return comparators.stream().allMatch(c -> c.test(version));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SemverRange that && comparators.equals(that.comparators);
    }

    @Override
    public int hashCode() {
        return comparators.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
