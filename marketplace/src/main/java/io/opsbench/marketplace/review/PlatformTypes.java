package io.opsbench.marketplace.review;

import io.opsbench.plugin.PluginApi;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The types the running platform gives a plugin: the JDK, plugin-api, PF4J and the shared slf4j-api. Looked up
 * as class-file resources, and plugin-api types reflectively: plugin-api is the platform's own trusted code, so
 * loading it here is safe, unlike anything from a bundle.
 */
final class PlatformTypes {

    static final String API_PREFIX = "io/opsbench/plugin/";
    static final String PF4J_PREFIX = "org/pf4j/";
    private static final String SLF4J_PREFIX = "org/slf4j/";

    private static final ClassLoader HOST = PluginApi.class.getClassLoader();
    private static final Map<String, Optional<Class<?>>> API_CLASSES = new ConcurrentHashMap<>();

    private PlatformTypes() {
    }

    static boolean isApi(String internalName) {
        return internalName.startsWith(API_PREFIX);
    }

    /** The running plugin-api's class for a JVM name, empty when the running API has no such type. */
    static Optional<Class<?>> apiClass(String internalName) {
        return API_CLASSES.computeIfAbsent(internalName, name -> {
            try {
                return Optional.of(Class.forName(name.replace('/', '.'), false, HOST));
            } catch (ClassNotFoundException | LinkageError e) {
                return Optional.empty();
            }
        });
    }

    /** Whether a plugin's classloader would find this type outside the bundle. */
    static boolean provided(String internalName) {
        String resource = internalName + ".class";
        if (ClassLoader.getPlatformClassLoader().getResource(resource) != null) {
            return true;
        }
        boolean shared = internalName.startsWith(API_PREFIX) || internalName.startsWith(PF4J_PREFIX) || internalName.startsWith(SLF4J_PREFIX);
        return shared && HOST.getResource(resource) != null;
    }
}
