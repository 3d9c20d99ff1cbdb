package io.opsbench.marketplace.review;

import io.opsbench.plugin.Capability;
import io.opsbench.pluginhost.ExtensionPoints;
import io.opsbench.pluginhost.manifest.Manifests;
import io.opsbench.pluginhost.manifest.PluginManifest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Check 5: {@code classes/META-INF/extensions.idx} lists the plugin's extensions; every declared capability has
 * at least one extension implementing its extension point and no extension implements an undeclared one.
 *
 * <p>Supertypes are read from the class files with ASM and followed through the bundle's own classes; only
 * plugin-api's (trusted) types are looked at reflectively. Nothing from the bundle is loaded in this JVM.
 */
final class ExtensionsCheck {

    static final String NAME = "extensions";
    static final String INDEX = "classes/META-INF/extensions.idx";

    private static final Map<String, Capability> POINTS = extensionPoints();

    private ExtensionsCheck() {
    }

    static CheckResult run(SubmittedBundle bundle, PluginManifest manifest) {
        Optional<byte[]> index = bundle.content(INDEX);
        if (index.isEmpty()) {
            return CheckResult.failed(NAME, "The bundle lists no extensions: " + INDEX + " is missing, so the plugin would load and do nothing.",
                List.of(Finding.error(INDEX, "missing; annotate each extension with @Extension and compile with PF4J's annotation processor "
                    + "(org.pf4j.processor.ExtensionAnnotationProcessor in <annotationProcessorPaths>: it is off by default on JDK 23+)")));
        }
        Set<String> classNames = parse(index.get());
        if (classNames.isEmpty()) {
            return CheckResult.failed(NAME, "The bundle lists no extensions: " + INDEX + " is empty, so the plugin would load and do nothing.",
                List.of(Finding.error(INDEX, "lists no extension class; annotate each extension with @Extension")));
        }

        List<Finding> findings = new ArrayList<>();
        Map<Capability, List<String>> provided = new EnumMap<>(Capability.class);
        for (String className : classNames) {
            String internalName = className.replace('.', '/');
            Optional<SubmittedBundle.ClassEntry> entry = bundle.find(internalName);
            if (entry.isEmpty()) {
                findings.add(Finding.error(INDEX, "lists " + className + ", which is not a class of the bundle"));
                continue;
            }
            String location = entry.get().location();
            Optional<ClassHeader> header = ClassHeader.read(entry.get().bytes());
            if (header.isEmpty()) {
                findings.add(Finding.error(location, "extension " + className + " is not a readable class file"));
                continue;
            }
            if (!header.get().isPublic() || !header.get().isConcreteClass() || !header.get().publicNoArgConstructor()) {
                findings.add(Finding.error(location, "extension " + className
                    + " must be a public, concrete class with a public no-argument constructor: the platform creates it with that constructor"));
            }
            Set<String> unresolved = new LinkedHashSet<>();
            Set<Capability> capabilities = capabilities(bundle, internalName, unresolved);
            unresolved.forEach(missing -> findings.add(Finding.error(location, "extension " + className + " extends or implements "
                + missing.replace('/', '.') + ", which is neither in the bundle nor provided by the platform")));
            if (capabilities.isEmpty() && unresolved.isEmpty()) {
                findings.add(Finding.error(location, "extension " + className + " implements no plugin-api extension point"));
            }
            for (Capability capability : capabilities) {
                if (!manifest.provides(capability)) {
                    findings.add(Finding.error(location, "extension " + className + " implements " + ExtensionPoints.of(capability).getSimpleName()
                        + ", but the manifest does not declare the capability '" + capability.wireName() + "'"));
                }
                provided.computeIfAbsent(capability, c -> new ArrayList<>()).add(className);
            }
        }
        List<Capability> declared = manifest.capabilities();
        for (int i = 0; i < declared.size(); i++) {
            Capability capability = declared.get(i);
            if (!provided.containsKey(capability)) {
                findings.add(Finding.error(Manifests.FILE_NAME + "#/capabilities/" + i, "declares '" + capability.wireName()
                    + "', but no extension listed in " + INDEX + " implements " + ExtensionPoints.of(capability).getName()));
            }
        }
        String summary = classNames.size() + " extension(s) provide " + String.join(", ", provided.entrySet().stream()
            .map(e -> e.getKey().wireName() + " (" + String.join(", ", e.getValue()) + ")").toList());
        return CheckResult.of(NAME, findings, "Every declared capability has an extension: " + summary + ".", summary,
            "The extensions do not match the declared capabilities: " + findings.size() + " problem(s).");
    }

    private static Set<String> parse(byte[] index) {
        // PF4J's format: one class name per line, '#' starts a comment line.
        Set<String> names = new LinkedHashSet<>();
        for (String line : new String(index, StandardCharsets.UTF_8).split("\\R")) {
            String name = line.trim();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The capabilities whose extension points a bundle class implements, through its superclasses and interfaces.
     *
     * @param unresolved receives supertypes found neither in the bundle nor in the platform
     */
    static Set<Capability> capabilities(SubmittedBundle bundle, String internalName, Set<String> unresolved) {
        Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
        Set<String> seen = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(List.of(internalName));
        while (!pending.isEmpty()) {
            String type = pending.pop();
            if (!seen.add(type)) {
                continue;
            }
            Optional<SubmittedBundle.ClassEntry> entry = PlatformTypes.isApi(type) ? Optional.empty() : bundle.find(type);
            if (entry.isPresent()) {
                ClassHeader.read(entry.get().bytes()).ifPresent(header -> {
                    if (header.superName() != null) {
                        pending.push(header.superName());
                    }
                    header.interfaces().forEach(pending::push);
                });
            } else if (PlatformTypes.isApi(type)) {
                Optional<Class<?>> api = PlatformTypes.apiClass(type);
                if (api.isEmpty()) {
                    unresolved.add(type);
                } else {
                    POINTS.forEach((point, capability) -> {
                        if (PlatformTypes.apiClass(point).map(p -> p.isAssignableFrom(api.get())).orElse(false)) {
                            capabilities.add(capability);
                        }
                    });
                }
            } else if (!PlatformTypes.provided(type)) {
                unresolved.add(type);
            }
        }
        return capabilities;
    }

    private static Map<String, Capability> extensionPoints() {
        Map<String, Capability> points = new LinkedHashMap<>();
        for (Capability capability : Capability.values()) {
            points.put(ExtensionPoints.of(capability).getName().replace('.', '/'), capability);
        }
        return Map.copyOf(points);
    }
}
