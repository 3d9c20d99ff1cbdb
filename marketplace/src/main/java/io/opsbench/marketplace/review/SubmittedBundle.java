package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.archive.BundleArchive;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A bundle whose archive, and every jar in its {@code lib/}, passed the archive-safety rules, with an index of
 * its class files. Classes are looked up like the plugin's classloader does: {@code classes/} first, then the
 * jars in archive order.
 */
final class SubmittedBundle {

    static final String CLASSES = "classes/";
    static final String LIB = "lib/";
    private static final String VERSIONED = "META-INF/versions/";

    /**
     * One class file of the bundle.
     *
     * @param container {@code classes} or the jar's entry name, e.g. {@code lib/okio-3.9.0.jar}
     * @param entryName the entry inside the container, e.g. {@code com/acme/Foo.class}
     * @param internalName the JVM name, e.g. {@code com/acme/Foo}
     * @param bytes the class file
     */
    record ClassEntry(String container, String entryName, String internalName, byte[] bytes) {

        boolean own() {
            return container.equals("classes");
        }

        /** Where a person finds the file: {@code classes/com/acme/Foo.class} or {@code lib/x.jar!com/x/Y.class}. */
        String location() {
            return own() ? CLASSES + entryName : container + "!" + entryName;
        }

        /** Where a person finds code in it: {@code com.acme.Foo} or {@code lib/x.jar!com.x.Y}. */
        String classLocation() {
            String className = internalName.replace('/', '.');
            return own() ? className : container + "!" + className;
        }
    }

    private final BundleArchive archive;
    private final Map<String, BundleArchive> libs;
    private final List<ClassEntry> classes;
    private final Map<String, ClassEntry> byName;

    SubmittedBundle(BundleArchive archive, Map<String, BundleArchive> libs) {
        this.archive = archive;
        this.libs = Collections.unmodifiableMap(new LinkedHashMap<>(libs));
        List<ClassEntry> entries = new ArrayList<>();
        for (String name : archive.fileNames()) {
            if (name.startsWith(CLASSES) && name.endsWith(".class")) {
                String entryName = name.substring(CLASSES.length());
                archive.content(name).ifPresent(bytes -> entries.add(new ClassEntry("classes", entryName, internalName(entryName), bytes)));
            }
        }
        this.libs.forEach((jar, content) -> {
            for (String name : content.fileNames()) {
                if (name.endsWith(".class")) {
                    content.content(name).ifPresent(bytes -> entries.add(new ClassEntry(jar, name, internalName(name), bytes)));
                }
            }
        });
        this.classes = List.copyOf(entries);
        Map<String, ClassEntry> index = new LinkedHashMap<>();
        // Unversioned entries first: they are what a classloader on the oldest supported JDK would see.
        entries.stream().filter(e -> !e.entryName().startsWith(VERSIONED)).forEach(e -> index.putIfAbsent(e.internalName(), e));
        entries.forEach(e -> index.putIfAbsent(e.internalName(), e));
        this.byName = Collections.unmodifiableMap(index);
    }

    private static String internalName(String entryName) {
        String name = entryName;
        if (name.startsWith(VERSIONED)) {
            int slash = name.indexOf('/', VERSIONED.length());
            name = slash < 0 ? name : name.substring(slash + 1);
        }
        return name.substring(0, name.length() - ".class".length());
    }

    BundleArchive archive() {
        return archive;
    }

    /** The jars in {@code lib/} by entry name, in archive order. */
    Map<String, BundleArchive> libs() {
        return libs;
    }

    /** Every class file: the plugin's own first, then each jar's. */
    List<ClassEntry> classes() {
        return classes;
    }

    /** The class the plugin's classloader would find under a JVM name, if the bundle has it. */
    Optional<ClassEntry> find(String internalName) {
        return Optional.ofNullable(byName.get(internalName));
    }

    Optional<byte[]> content(String name) {
        return archive.content(name);
    }
}
