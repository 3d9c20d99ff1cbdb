package io.opsbench.pluginhost.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.pluginhost.archive.BundleRejected.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleArchiveTests {

    private static final long MIB = 1024 * 1024;

    @TempDir
    Path temp;

    @Test
    void readsAndExtractsAWellFormedBundle() throws IOException {
        byte[] zip = zip(out -> {
            directory(out, "classes/");
            file(out, "manifest.json", "{}");
            file(out, "classes/com/example/A.class", "cafebabe");
        });

        BundleArchive archive = BundleArchive.read(zip, ArchiveLimits.DEFAULTS);

        assertThat(archive.fileNames()).containsExactly("manifest.json", "classes/com/example/A.class");
        assertThat(archive.content("manifest.json")).hasValueSatisfying(b -> assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("{}"));
        archive.extractTo(temp.resolve("out"));
        assertThat(temp.resolve("out/classes/com/example/A.class")).hasContent("cafebabe");
    }

    @Test
    void refusesParentSegments() {
        assertRejected(zip(out -> file(out, "classes/../../x", "evil")), Reason.PARENT_SEGMENT, "classes/../../x");
        assertRejected(zip(out -> file(out, "../x", "evil")), Reason.PARENT_SEGMENT, "../x");
    }

    @Test
    void refusesAbsolutePaths() {
        assertRejected(zip(out -> file(out, "/etc/x", "evil")), Reason.ABSOLUTE_PATH, "/etc/x");
        assertRejected(zip(out -> file(out, "C:/x", "evil")), Reason.ABSOLUTE_PATH, "C:/x");
    }

    @Test
    void refusesBackslashes() throws IOException {
        // commons-compress's writer would turn the backslashes into slashes; java.util.zip writes them as given.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            out.putNextEntry(new ZipEntry("classes\\..\\x"));
            out.write(1);
            out.closeEntry();
        }
        assertRejected(bytes.toByteArray(), Reason.BACKSLASH, "classes\\..\\x");
    }

    @Test
    void refusesSymlinkEntries() {
        byte[] zip = zip(out -> {
            ZipArchiveEntry link = new ZipArchiveEntry("lib/link.jar");
            link.setUnixMode(0120777);
            out.putArchiveEntry(link);
            out.write("/etc/passwd".getBytes(StandardCharsets.UTF_8));
            out.closeArchiveEntry();
        });
        assertRejected(zip, Reason.SYMLINK, "lib/link.jar");
    }

    @Test
    void refusesDuplicateEntries() {
        byte[] zip = zip(out -> {
            file(out, "manifest.json", "{\"id\":\"reviewed\"}");
            file(out, "manifest.json", "{\"id\":\"run\"}");
        });
        assertRejected(zip, Reason.DUPLICATE_ENTRY, "manifest.json");
    }

    @Test
    void refusesTooManyEntriesBeforeInflatingAny() {
        byte[] zip = zip(out -> {
            for (int i = 0; i < 11; i++) {
                file(out, "classes/C" + i + ".class", "x");
            }
        });
        assertThatThrownBy(() -> BundleArchive.read(zip, new ArchiveLimits(10, MIB, 100, 1024)))
            .isInstanceOfSatisfying(BundleRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.TOO_MANY_ENTRIES));
    }

    @Test
    void refusesUnreadableZips() {
        assertThatThrownBy(() -> BundleArchive.read("not a zip at all".getBytes(StandardCharsets.UTF_8), ArchiveLimits.DEFAULTS))
            .isInstanceOfSatisfying(BundleRejected.class, e -> assertThat(e.reason()).isEqualTo(Reason.UNREADABLE));
    }

    @Test
    void refusesAZipBombByRatioLongBeforeInflatingIt() throws IOException {
        Path bomb = zipBomb(200 * MIB);
        assertThat(Files.size(bomb)).isLessThan(MIB);

        assertThatThrownBy(() -> BundleArchive.read(bomb, ArchiveLimits.DEFAULTS))
            .isInstanceOfSatisfying(BundleRejected.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.COMPRESSION_RATIO_EXCEEDED);
                assertThat(e.entryName()).contains("classes/zeros.bin");
                assertThat(inflatedBytes(e)).isLessThan(2 * MIB);
            });
    }

    @Test
    void refusesAZipBombByTotalSizeWhenTheRatioIsAllowed() throws IOException {
        Path bomb = zipBomb(200 * MIB);
        ArchiveLimits generousRatio = new ArchiveLimits(2_000, 8 * MIB, Integer.MAX_VALUE, MIB);

        assertThatThrownBy(() -> BundleArchive.read(bomb, generousRatio))
            .isInstanceOfSatisfying(BundleRejected.class, e -> {
                assertThat(e.reason()).isEqualTo(Reason.TOTAL_SIZE_EXCEEDED);
                assertThat(e.entryName()).contains("classes/zeros.bin");
            });
    }

    @Test
    void acceptsSmallRepetitiveFilesBelowTheRatioFloor() {
        byte[] zip = zip(out -> file(out, "manifest.json", " ".repeat(200_000)));
        assertThat(BundleArchive.read(zip, ArchiveLimits.DEFAULTS).totalBytes()).isEqualTo(200_000);
    }

    private static long inflatedBytes(BundleRejected rejection) {
        Matcher matcher = Pattern.compile("inflated (\\d+) bytes").matcher(rejection.getMessage());
        assertThat(matcher.find()).as(rejection.getMessage()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private Path zipBomb(long size) throws IOException {
        Path bomb = temp.resolve("bomb.zip");
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bomb)) {
            file(out, "manifest.json", "{}");
            out.putArchiveEntry(new ZipArchiveEntry("classes/zeros.bin"));
            byte[] zeros = new byte[(int) MIB];
            for (long written = 0; written < size; written += zeros.length) {
                out.write(zeros);
            }
            out.closeArchiveEntry();
        }
        return bomb;
    }

    private static void assertRejected(byte[] zip, Reason reason, String entry) {
        assertThatThrownBy(() -> BundleArchive.read(zip, ArchiveLimits.DEFAULTS))
            .isInstanceOfSatisfying(BundleRejected.class, e -> {
                assertThat(e.reason()).isEqualTo(reason);
                assertThat(e.entryName()).contains(entry);
            });
    }

    private interface Entries {
        void write(ZipArchiveOutputStream out) throws IOException;
    }

    private static byte[] zip(Entries entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
            entries.write(out);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    private static void file(ZipArchiveOutputStream out, String name, String content) throws IOException {
        out.putArchiveEntry(new ZipArchiveEntry(name));
        out.write(content.getBytes(StandardCharsets.UTF_8));
        out.closeArchiveEntry();
    }

    private static void directory(ZipArchiveOutputStream out, String name) throws IOException {
        out.putArchiveEntry(new ZipArchiveEntry(name));
        out.closeArchiveEntry();
    }
}
