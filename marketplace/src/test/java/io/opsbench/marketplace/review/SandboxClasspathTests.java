package io.opsbench.marketplace.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLConnection;
import java.net.URLStreamHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxClasspathTests {

    @TempDir
    Path temp;

    @Test
    void usesClassesDirectoriesAndJarsAsTheyAre() throws IOException {
        assertThat(SandboxClasspath.toPath(new URL("file:/srv/app/target/classes/"), temp)).isEqualTo(Path.of("/srv/app/target/classes"));
        assertThat(SandboxClasspath.toPath(new URL("file:/srv/lib/pf4j-3.14.1.jar"), temp)).isEqualTo(Path.of("/srv/lib/pf4j-3.14.1.jar"));
        assertThat(SandboxClasspath.toPath(new URL("file:/srv/my%20lib/x.jar"), temp)).isEqualTo(Path.of("/srv/my lib/x.jar"));
        assertThat(SandboxClasspath.toPath(URI.create("jar:file:/srv/lib/pf4j-3.14.1.jar!/").toURL(), temp))
            .isEqualTo(Path.of("/srv/lib/pf4j-3.14.1.jar"));
    }

    @Test
    void copiesAJarNestedInASpringBootExecutableJarOnce() throws Exception {
        Path app = executableJar(temp.resolve("my apps/opsbench-platform.jar"));
        Path cache = temp.resolve("cache");
        // What Spring Boot 4's launcher reports as the code source of a class in BOOT-INF/lib/pf4j-3.14.1.jar.
        String nested = "jar:nested:" + app.toString().replace(" ", "%20") + "/!BOOT-INF/lib/pf4j-3.14.1.jar!/";

        Path copy = SandboxClasspath.toPath(url(nested), cache);

        assertThat(copy.getFileName().toString()).isEqualTo("pf4j-3.14.1.jar");
        assertThat(copy).startsWith(cache);
        try (ZipFile jar = new ZipFile(copy.toFile())) {
            ZipEntry entry = jar.getEntry("org/pf4j/Marker.class");
            assertThat(new String(jar.getInputStream(entry).readAllBytes())).isEqualTo("marker");
        }
        long modified = Files.getLastModifiedTime(copy).toMillis();
        assertThat(SandboxClasspath.toPath(url(nested), cache)).isEqualTo(copy);
        assertThat(Files.getLastModifiedTime(copy).toMillis()).as("copied once").isEqualTo(modified);

        // The same location without the jar: wrapper, and the older loader's form, map to the same jar.
        assertThat(SandboxClasspath.toPath(url("nested:" + app.toString().replace(" ", "%20") + "/!BOOT-INF/lib/pf4j-3.14.1.jar"), cache))
            .isEqualTo(copy);
        assertThat(SandboxClasspath.toPath(url("jar:file:" + app.toString().replace(" ", "%20") + "!/BOOT-INF/lib/pf4j-3.14.1.jar!/"), cache))
            .isEqualTo(copy);
    }

    @Test
    void refusesTheExecutableJarsOwnClassesDirectory() throws Exception {
        Path app = executableJar(temp.resolve("opsbench-platform.jar"));

        assertThatThrownBy(() -> SandboxClasspath.toPath(url("jar:nested:" + app + "/!BOOT-INF/classes/!/"), temp.resolve("cache")))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("only jars");
    }

    @Test
    void findsEveryJarTheSandboxNeedsInThisJvm() {
        List<Path> classpath = SandboxClasspath.resolve(temp.resolve("cache"));

        assertThat(classpath).hasSizeGreaterThanOrEqualTo(10).allSatisfy(p -> assertThat(p).exists());
        assertThat(classpath.toString()).contains("pf4j", "plugin-host", "plugin-api", "json-schema-validator", "jackson");
    }

    @Test
    void decodesPercentEscapesButKeepsPlusSigns() {
        assertThat(SandboxClasspath.decode("/a%20b/c+d/%C3%A9.jar")).isEqualTo("/a b/c+d/é.jar");
    }

    private static URL url(String text) throws Exception {
        // Spring Boot registers a handler for nested:; a URL object needs one here too, though only its text is read.
        return new URL(null, text, new URLStreamHandler() {
            @Override
            protected URLConnection openConnection(URL u) {
                throw new UnsupportedOperationException();
            }
        });
    }

    private static Path executableJar(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        Map<String, byte[]> inner = new LinkedHashMap<>();
        inner.put("org/pf4j/Marker.class", "marker".getBytes());
        Map<String, byte[]> outer = new LinkedHashMap<>();
        outer.put("BOOT-INF/classes/io/opsbench/platform/Main.class", "main".getBytes());
        outer.put("BOOT-INF/lib/pf4j-3.14.1.jar", TestPlugins.zip(inner));
        Files.write(path, TestPlugins.zip(outer));
        return path;
    }
}
