package io.opsbench.marketplace.review;

import java.util.Locale;

/** The outcome of one automated check. */
public enum CheckStatus {
    /** Nothing wrong was found. */
    PASSED,
    /** The bundle breaks the check's rule; the submission is rejected. */
    FAILED,
    /** Something a reviewer should look at; the submission may still pass. */
    WARNING,
    /** Not run, because an earlier failure made it meaningless or unsafe. */
    SKIPPED;

    /**
     * The lower-case name used on the wire.
     *
     * @return e.g. {@code "passed"}
     */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
