package io.opsbench.pluginhost.archive;

import java.util.Optional;

/**
 * A bundle archive that is refused, with the precise reason and, where one is to blame, the entry.
 */
public final class BundleRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Why a bundle was refused. */
    public enum Reason {
        /** Not a zip that can be read. */
        UNREADABLE,
        /** An entry uses a compression method or feature other than stored or deflated (e.g. encryption). */
        UNSUPPORTED_FEATURE,
        /** An entry name is empty, has empty or {@code .} segments or control characters. */
        INVALID_NAME,
        /** An entry name starts with {@code /} or a drive letter. */
        ABSOLUTE_PATH,
        /** An entry name has a {@code ..} segment. */
        PARENT_SEGMENT,
        /** An entry name contains a backslash. */
        BACKSLASH,
        /** An entry is a symbolic link or another special file. */
        SYMLINK,
        /** Two entries have the same name. */
        DUPLICATE_ENTRY,
        /** More entries than {@link ArchiveLimits#maxEntries()}. */
        TOO_MANY_ENTRIES,
        /** The entries inflate to more than {@link ArchiveLimits#maxTotalBytes()}. */
        TOTAL_SIZE_EXCEEDED,
        /** An entry inflates more than {@link ArchiveLimits#maxCompressionRatio()} times its compressed size. */
        COMPRESSION_RATIO_EXCEEDED
    }

    private final Reason reason;
    private final String entryName;

    BundleRejected(Reason reason, String entryName, String detail) {
        this(reason, entryName, detail, null);
    }

    BundleRejected(Reason reason, String entryName, String detail, Throwable cause) {
        super(reason + (entryName == null ? "" : " at entry '" + entryName + "'") + ": " + detail, cause);
        this.reason = reason;
        this.entryName = entryName;
    }

    /**
     * Why the bundle was refused.
     *
     * @return the reason
     */
    public Reason reason() {
        return reason;
    }

    /**
     * The entry to blame, if one is.
     *
     * @return the entry name as written in the archive
     */
    public Optional<String> entryName() {
        return Optional.ofNullable(entryName);
    }
}
