package io.opsbench.marketplace.review;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The sandbox JVM's classpath: exactly the jars that loading a plugin needs, found through the code source of
 * one marker class per jar.
 *
 * <p>In tests and IDEs a code source is a jar or a {@code target/classes} directory and is used as it is. Inside
 * the platform's Spring Boot executable jar it is a jar nested in the executable jar
 * ({@code jar:nested:/srv/opsbench-platform.jar/!BOOT-INF/lib/pf4j-3.14.1.jar!/}), which another JVM cannot put
 * on its classpath; such a jar is copied once into a cache directory, named by its file name, and the copy is
 * used.
 */
final class SandboxClasspath {

    /** One class per jar the sandbox needs: the plugin runtime and everything it loads. */
    static final List<String> MARKERS = List.of(
        "io.opsbench.marketplace.review.SandboxLoad",
        "io.opsbench.pluginhost.PluginRuntime",
        "io.opsbench.plugin.PluginApi",
        "org.pf4j.PluginManager",
        "com.github.zafarkhaja.semver.Version",
        "org.slf4j.LoggerFactory",
        "com.networknt.schema.Schema",
        "com.ethlo.time.ITU",
        "tools.jackson.databind.ObjectMapper",
        "tools.jackson.core.JsonParser",
        "com.fasterxml.jackson.annotation.JsonProperty",
        "tools.jackson.dataformat.yaml.YAMLMapper",
        "org.snakeyaml.engine.v2.api.Load",
        "org.apache.commons.compress.archivers.zip.ZipFile",
        "org.apache.commons.io.IOUtils",
        "org.apache.commons.lang3.StringUtils",
        "org.apache.commons.codec.binary.Hex");

    private SandboxClasspath() {
    }

    /**
     * The classpath entries for the markers, copying nested jars into the cache directory where needed.
     *
     * @param cacheDirectory where nested jars are copied to
     * @return the entries, in marker order, without duplicates
     * @throws IllegalStateException when a marker class is missing or its code source cannot be used
     */
    static List<Path> resolve(Path cacheDirectory) {
        Set<Path> entries = new LinkedHashSet<>();
        for (String marker : MARKERS) {
            entries.add(toPath(codeSource(marker), cacheDirectory));
        }
        return List.copyOf(entries);
    }

    private static URL codeSource(String marker) {
        try {
            Class<?> type = Class.forName(marker, false, SandboxClasspath.class.getClassLoader());
            CodeSource source = type.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                throw new IllegalStateException("no code source for " + marker);
            }
            return source.getLocation();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("the sandbox needs " + marker + ", which is not on the classpath", e);
        }
    }

    /**
     * Maps a code-source URL to a path another JVM can put on its classpath.
     *
     * @param location e.g. {@code file:/x/target/classes/}, {@code jar:file:/x/pf4j.jar!/} or
     *     {@code jar:nested:/x/app.jar/!BOOT-INF/lib/pf4j.jar!/}
     * @param cacheDirectory where a jar nested in another is copied to
     * @return a jar file or classes directory
     */
    static Path toPath(URL location, Path cacheDirectory) {
        String text = location.toString();
        if (text.startsWith("jar:")) {
            text = text.substring("jar:".length());
            if (text.endsWith("!/")) {
                text = text.substring(0, text.length() - 2);
            }
        }
        if (text.startsWith("nested:")) {
            // Spring Boot 3.2+: nested:<outer jar path>/!<entry name>, percent-encoded.
            String path = decode(text.substring("nested:".length()));
            int separator = path.lastIndexOf("/!");
            if (separator < 0) {
                throw new IllegalStateException("not a nested jar location: " + location);
            }
            return copyNested(Path.of(path.substring(0, separator)), path.substring(separator + 2), cacheDirectory, location);
        }
        if (text.startsWith("file:")) {
            int nested = text.indexOf("!/");
            if (nested >= 0) {
                // Spring Boot's older loader: jar:file:<outer jar>!/BOOT-INF/lib/x.jar!/
                return copyNested(fileUri(text.substring(0, nested), location), text.substring(nested + 2), cacheDirectory, location);
            }
            return fileUri(text, location);
        }
        throw new IllegalStateException("cannot put " + location + " on the sandbox's classpath");
    }

    private static Path fileUri(String text, URL location) {
        try {
            return Path.of(new URI(text));
        } catch (URISyntaxException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot put " + location + " on the sandbox's classpath", e);
        }
    }

    private static Path copyNested(Path outer, String entryName, Path cacheDirectory, URL location) {
        if (!entryName.endsWith(".jar")) {
            throw new IllegalStateException("only jars nested in an executable jar can be copied for the sandbox, not " + location);
        }
        try (ZipFile zip = new ZipFile(outer.toFile())) {
            // A redeployed executable jar may carry a changed jar under the same name (a SNAPSHOT): key the cache by it.
            Path directory = cacheDirectory.resolve(outer.getFileName() + "-" + Files.size(outer) + "-" + Files.getLastModifiedTime(outer).toMillis());
            Path target = directory.resolve(entryName.substring(entryName.lastIndexOf('/') + 1));
            if (Files.isRegularFile(target)) {
                return target;
            }
            ZipEntry entry = zip.getEntry(entryName);
            if (entry == null) {
                throw new IllegalStateException(outer + " has no entry " + entryName);
            }
            Files.createDirectories(directory);
            // Copy then rename, so a concurrent review never puts a half-written jar on its classpath.
            Path partial = Files.createTempFile(directory, target.getFileName().toString(), ".partial");
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            try {
                Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(partial);
                if (!Files.isRegularFile(target)) {
                    throw e;
                }
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + location + " for the sandbox", e);
        }
    }

    /** Percent-decoding of a URL path; unlike URLDecoder, '+' stays '+'. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length()) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String join(List<Path> entries) {
        List<String> paths = new ArrayList<>();
        entries.forEach(p -> paths.add(p.toAbsolutePath().toString()));
        return String.join(File.pathSeparator, paths);
    }
}
