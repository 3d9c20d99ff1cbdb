package io.opsbench.pluginhost.archive;

/**
 * Bounds a bundle must stay within.
 *
 * @param maxEntries most entries (files and directories) a bundle may have
 * @param maxTotalBytes most bytes all entries may inflate to together
 * @param maxCompressionRatio most bytes one entry may inflate to per compressed byte consumed
 * @param ratioFloorBytes the ratio is enforced only once an entry has inflated past this many bytes,
 *     because small, repetitive files (a manifest, an index) legitimately compress very well
 */
public record ArchiveLimits(int maxEntries, long maxTotalBytes, int maxCompressionRatio, long ratioFloorBytes) {

    /** 2,000 entries, 64 MiB inflated, ratio 100 past 1 MiB. */
    public static final ArchiveLimits DEFAULTS = new ArchiveLimits(2_000, 64L * 1024 * 1024, 100, 1024 * 1024);

    /**
     * Validates the limits.
     */
    public ArchiveLimits {
        if (maxEntries < 1 || maxTotalBytes < 1 || maxCompressionRatio < 1 || ratioFloorBytes < 0) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }
}
