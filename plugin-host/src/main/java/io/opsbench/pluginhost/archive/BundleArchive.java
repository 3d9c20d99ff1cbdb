package io.opsbench.pluginhost.archive;

import io.opsbench.pluginhost.archive.BundleRejected.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.apache.commons.compress.utils.InputStreamStatistics;

/**
 * A plugin bundle zip that passed the archive-safety rules, held in memory.
 *
 * <p>The central directory is checked first (entry count, names, symlinks, duplicates, compression
 * methods) without inflating anything. Entries are then inflated one by one while counting the bytes
 * actually produced and consumed, never trusting the sizes the headers declare, so a zip bomb is refused
 * after at most {@link ArchiveLimits#ratioFloorBytes()} (ratio) or {@link ArchiveLimits#maxTotalBytes()}
 * (total) inflated bytes.
 */
public final class BundleArchive {

    private static final int UNIX_TYPE_MASK = 0170000;
    private static final int UNIX_REGULAR_FILE = 0100000;
    private static final int UNIX_DIRECTORY = 0040000;

    private final Map<String, byte[]> files;
    private final List<String> entryNames;
    private final long totalBytes;

    private BundleArchive(Map<String, byte[]> files, List<String> entryNames, long totalBytes) {
        this.files = files;
        this.entryNames = entryNames;
        this.totalBytes = totalBytes;
    }

    /**
     * Reads and checks a bundle from a file.
     *
     * @param zip the bundle
     * @param limits the bounds to enforce
     * @return the accepted bundle
     * @throws BundleRejected when any rule is broken
     */
    public static BundleArchive read(Path zip, ArchiveLimits limits) {
        try (ZipFile zipFile = ZipFile.builder().setPath(zip).get()) {
            return read(zipFile, limits);
        } catch (IOException e) {
            throw new BundleRejected(Reason.UNREADABLE, null, "not a readable zip (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads and checks a bundle from bytes, e.g. an upload.
     *
     * @param zip the bundle's bytes
     * @param limits the bounds to enforce
     * @return the accepted bundle
     * @throws BundleRejected when any rule is broken
     */
    public static BundleArchive read(byte[] zip, ArchiveLimits limits) {
        try (ZipFile zipFile = ZipFile.builder().setByteArray(zip).get()) {
            return read(zipFile, limits);
        } catch (IOException e) {
            throw new BundleRejected(Reason.UNREADABLE, null, "not a readable zip (" + e.getMessage() + ")", e);
        }
    }

    private static BundleArchive read(ZipFile zipFile, ArchiveLimits limits) throws IOException {
        List<ZipArchiveEntry> entries = checkDirectory(zipFile, limits);
        Map<String, byte[]> files = new LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        long total = 0;
        for (ZipArchiveEntry entry : entries) {
            names.add(entry.getName());
            if (entry.isDirectory()) {
                continue;
            }
            byte[] content = inflate(zipFile, entry, limits, total);
            total += content.length;
            files.put(entry.getName(), content);
        }
        return new BundleArchive(Collections.unmodifiableMap(files), List.copyOf(names), total);
    }

    private static List<ZipArchiveEntry> checkDirectory(ZipFile zipFile, ArchiveLimits limits) {
        List<ZipArchiveEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        var enumeration = zipFile.getEntries();
        while (enumeration.hasMoreElements()) {
            ZipArchiveEntry entry = enumeration.nextElement();
            if (entries.size() == limits.maxEntries()) {
                throw new BundleRejected(Reason.TOO_MANY_ENTRIES, null, "more than " + limits.maxEntries() + " entries");
            }
            String name = entry.getName();
            if (containsBackslash(entry.getRawName())) {
                // commons-compress turns DOS-made names' backslashes into slashes; a bundle is built on any OS
                // with a zip tool that writes '/', so a backslash is refused rather than reinterpreted.
                throw new BundleRejected(Reason.BACKSLASH, new String(entry.getRawName(), StandardCharsets.UTF_8), "backslash in entry name");
            }
            EntryNames.check(name);
            if (entry.isUnixSymlink()) {
                throw new BundleRejected(Reason.SYMLINK, name, "symbolic link entry");
            }
            int type = entry.getPlatform() == ZipArchiveEntry.PLATFORM_UNIX ? entry.getUnixMode() & UNIX_TYPE_MASK : 0;
            if (type != 0 && type != UNIX_REGULAR_FILE && type != UNIX_DIRECTORY) {
                throw new BundleRejected(Reason.SYMLINK, name, "special file entry (unix type " + Integer.toOctalString(type) + ")");
            }
            if (!seen.add(EntryNames.key(name))) {
                throw new BundleRejected(Reason.DUPLICATE_ENTRY, name, "entry name appears more than once");
            }
            if (entry.getGeneralPurposeBit().usesEncryption()) {
                throw new BundleRejected(Reason.UNSUPPORTED_FEATURE, name, "encrypted entry");
            }
            int method = entry.getMethod();
            if (method != ZipMethod.STORED.getCode() && method != ZipMethod.DEFLATED.getCode()) {
                throw new BundleRejected(Reason.UNSUPPORTED_FEATURE, name, "compression method " + method + " (only stored and deflated)");
            }
            entries.add(entry);
        }
        return entries;
    }

    private static boolean containsBackslash(byte[] rawName) {
        if (rawName != null) {
            for (byte b : rawName) {
                if (b == '\\') {
                    return true;
                }
            }
        }
        return false;
    }

    private static byte[] inflate(ZipFile zipFile, ZipArchiveEntry entry, ArchiveLimits limits, long inflatedSoFar) throws IOException {
        String name = entry.getName();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = zipFile.getInputStream(entry)) {
            InputStreamStatistics statistics = (InputStreamStatistics) in;
            long inflated = 0;
            int read;
            while ((read = in.read(buffer)) != -1) {
                inflated += read;
                if (inflatedSoFar + inflated > limits.maxTotalBytes()) {
                    throw new BundleRejected(Reason.TOTAL_SIZE_EXCEEDED, name,
                        "entries inflate to more than " + limits.maxTotalBytes() + " bytes");
                }
                long consumed = Math.max(1, statistics.getCompressedCount());
                if (inflated > limits.ratioFloorBytes() && inflated / consumed > limits.maxCompressionRatio()) {
                    throw new BundleRejected(Reason.COMPRESSION_RATIO_EXCEEDED, name,
                        "inflated " + inflated + " bytes from " + consumed + " compressed bytes, over ratio " + limits.maxCompressionRatio());
                }
                out.write(buffer, 0, read);
            }
        } catch (BundleRejected e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new BundleRejected(Reason.UNREADABLE, name, "entry cannot be inflated (" + e.getMessage() + ")", e);
        }
        return out.toByteArray();
    }

    /**
     * Every entry name in archive order, directories included (with their trailing {@code /}).
     *
     * @return the entry names
     */
    public List<String> entryNames() {
        return entryNames;
    }

    /**
     * Names of the file entries (no directories), in archive order.
     *
     * @return the file names
     */
    public Set<String> fileNames() {
        return files.keySet();
    }

    /**
     * A file entry's content.
     *
     * @param name the entry name, e.g. {@code manifest.json}
     * @return a copy of its bytes, or empty when there is no such file
     */
    public Optional<byte[]> content(String name) {
        return Optional.ofNullable(files.get(name)).map(byte[]::clone);
    }

    /**
     * How many bytes the files inflated to in total.
     *
     * @return the sum of the file sizes
     */
    public long totalBytes() {
        return totalBytes;
    }

    /**
     * Writes every entry under a directory, which is created if needed and must hold none of the names.
     *
     * @param directory where to extract
     * @throws UncheckedIOException when writing fails
     */
    public void extractTo(Path directory) {
        try {
            Path root = Files.createDirectories(directory).toRealPath();
            for (String name : entryNames) {
                Path target = root.resolve(EntryNames.key(name)).normalize();
                if (!target.startsWith(root)) {
                    // Names were checked on read; this is the belt to those braces.
                    throw new BundleRejected(Reason.PARENT_SEGMENT, name, "entry resolves outside the target directory");
                }
                if (name.endsWith("/")) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.write(target, files.get(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot extract bundle to " + directory, e);
        }
    }
}
