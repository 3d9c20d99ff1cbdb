package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.testkit.TestBundles;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds real plugin bundles in tests, in memory: compiles Java sources against plugin-api with PF4J's
 * annotation processor (which writes {@code META-INF/extensions.idx}), as plugin-host's TestBundles does, and
 * zips them with a manifest and optional {@code lib/} jars.
 */
final class TestPlugins {

    static final String VENDOR = "vendor-acme";

    static final String GOOD_SENDER = """
        package com.example.good;

        import io.opsbench.plugin.PluginContext;
        import io.opsbench.plugin.sms.SmsMessage;
        import io.opsbench.plugin.sms.SmsReceipt;
        import io.opsbench.plugin.sms.SmsSender;
        import org.pf4j.Extension;

        @Extension
        public class GoodSender implements SmsSender {
            @Override
            public SmsReceipt send(PluginContext context, SmsMessage message) {
                return new SmsReceipt("sent-" + message.to());
            }
        }
        """;

    private TestPlugins() {
    }

    static String manifest(String id, String version, String capabilities, String platform) {
        return manifest(id, version, capabilities, platform, """
            {"type": "object", "properties": {"endpoint": {"type": "string", "format": "uri"}, "token": {"type": "string", "writeOnly": true}}}""");
    }

    static String manifest(String id, String version, String capabilities, String platform, String configSchema) {
        return """
            {"id": "%s", "name": "Test plugin", "version": "%s", "vendor": "Acme", "description": "A plugin built by a test",
             "capabilities": [%s], "platform": "%s"%s}
            """.formatted(id, version, capabilities, platform, configSchema == null ? "" : ", \"config_schema\": " + configSchema);
    }

    static String goodManifest() {
        return manifest("com.example.good", "1.0.0", "\"sms\"", ">=1.0.0 <2.0.0");
    }

    /** Compiles sources with the test classpath; entries are relative to the classes root. */
    static Map<String, byte[]> compile(Map<String, String> sources) {
        return compile(sources, List.of());
    }

    /**
     * Compiles sources; {@code classpathFirst} comes before the test classpath, so a stub there shadows the real
     * plugin-api class of the same name.
     */
    static Map<String, byte[]> compile(Map<String, String> sources, List<Path> classpathFirst) {
        Path out;
        try {
            out = Files.createTempDirectory("opsbench-test-classes-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            compileTo(out, sources, classpathFirst);
            return read(out);
        } finally {
            delete(out);
        }
    }

    static void compileTo(Path out, Map<String, String> sources, List<Path> classpathFirst) {
        TestBundles.compile(out, sources, classpathFirst);
    }

    /** Every Java source under a directory, by class name. */
    static Map<String, String> sources(Path root) {
        Map<String, String> sources = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                String relative = root.relativize(file).toString().replace(File.separatorChar, '/');
                sources.put(relative.substring(0, relative.length() - ".java".length()).replace('/', '.'), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sources;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A zip of the entries, in order, as java.util.zip writes it. */
    static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A bundle: manifest.json, classes/ and lib/ entries, zipped on {@link #bytes()}. */
    static final class Bundle {

        private final Map<String, byte[]> entries = new LinkedHashMap<>();

        static Bundle of(String manifest, Map<String, byte[]> classes) {
            return new Bundle().manifest(manifest).classes(classes);
        }

        static Bundle good() {
            return of(goodManifest(), compile(Map.of("com.example.good.GoodSender", GOOD_SENDER)));
        }

        Bundle manifest(String manifest) {
            entries.put("manifest.json", utf8(manifest));
            return this;
        }

        Bundle classes(Map<String, byte[]> classes) {
            classes.forEach((name, content) -> entries.put("classes/" + name, content));
            return this;
        }

        Bundle lib(String jarName, Map<String, byte[]> jarEntries) {
            entries.put("lib/" + jarName, zip(jarEntries));
            return this;
        }

        Bundle file(String name, byte[] content) {
            entries.put(name, content);
            return this;
        }

        Bundle without(String name) {
            entries.remove(name);
            return this;
        }

        byte[] bytes() {
            return zip(entries);
        }
    }

    private static Map<String, byte[]> read(Path root) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                entries.put(root.relativize(file).toString().replace(File.separatorChar, '/'), Files.readAllBytes(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return entries;
    }

    static void delete(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
