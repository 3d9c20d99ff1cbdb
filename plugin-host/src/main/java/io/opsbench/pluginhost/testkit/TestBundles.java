package io.opsbench.pluginhost.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * Builds real plugin bundles in tests (vendors' and the platform's own): compiles Java sources against plugin-api with PF4J's annotation
 * processor (which writes {@code META-INF/extensions.idx}), writes the manifest and optionally zips it all.
 */
public final class TestBundles {

    private TestBundles() {
    }

    /**
     * A manifest with the usual fields.
     */
    public static String manifest(String id, String version, String capabilities, String platform) {
        return """
            {"id": "%s", "name": "Test plugin", "version": "%s", "vendor": "Opsbench tests", "description": "A plugin built by a test",
             "capabilities": [%s], "platform": "%s",
             "config_schema": {"type": "object", "properties": {"endpoint": {"type": "string", "format": "uri"}, "token": {"type": "string", "writeOnly": true}}}}
            """.formatted(id, version, capabilities, platform);
    }

    /**
     * Compiles the sources into {@code directory/classes} and writes {@code directory/manifest.json}.
     *
     * @param directory the exploded bundle to create
     * @param manifest the manifest text
     * @param sources Java sources by fully qualified class name
     * @return the directory
     */
    public static Path exploded(Path directory, String manifest, Map<String, String> sources) {
        try {
            Path classes = Files.createDirectories(directory.resolve("classes"));
            compile(classes, sources);
            Files.writeString(directory.resolve("manifest.json"), manifest);
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Zips an exploded bundle.
     *
     * @param exploded the exploded bundle
     * @param zip the zip file to write
     * @return the zip file
     */
    public static Path zip(Path exploded, Path zip) {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip)); Stream<Path> files = Files.walk(exploded)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new ZipEntry(exploded.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
            return zip;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(Path classes, Map<String, String> sources) {
        compile(classes, sources, List.of());
    }

    /**
     * Compiles Java sources into a directory with PF4J's annotation processor, against this JVM's classpath.
     *
     * @param classes the output directory
     * @param sources Java sources by fully qualified class name
     * @param classpathFirst entries placed before this JVM's classpath, so a stub there shadows a real class
     */
    public static void compile(Path classes, Map<String, String> sources, List<Path> classpathFirst) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        List<JavaFileObject> units = new ArrayList<>();
        sources.forEach((className, source) -> units.add(new SourceFile(className, source)));
        List<String> classpath = new ArrayList<>();
        classpathFirst.forEach(entry -> classpath.add(entry.toString()));
        classpath.add(System.getProperty("java.class.path"));
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of(
            "-d", classes.toString(),
            "-classpath", String.join(java.io.File.pathSeparator, classpath),
            "--release", "21",
            "-processor", "org.pf4j.processor.ExtensionAnnotationProcessor");
        boolean compiled = compiler.getTask(null, null, diagnostics, options, null, units).call();
        if (!compiled) {
            throw new IllegalStateException("test plugin does not compile: " + diagnostics.getDiagnostics());
        }
    }

    private static final class SourceFile extends SimpleJavaFileObject {

        private final String source;

        SourceFile(String className, String source) {
            super(URI.create("string:///" + className.replace('.', '/') + Kind.SOURCE.extension), Kind.SOURCE);
            this.source = source;
        }

        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
            return source;
        }

        @Override
        public OutputStream openOutputStream() {
            throw new UnsupportedOperationException();
        }
    }
}
