package io.opsbench.pluginhost;

import java.io.IOException;
import java.net.URL;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The parent of every plugin classloader. It sees the JDK (through the platform classloader) and, from the
 * host, only plugin-api, PF4J and the named shared packages. Anything else of the host (the platform,
 * Spring, the connection pool, Jackson) is a {@link ClassNotFoundException} to a plugin.
 */
final class HostFilteringClassLoader extends ClassLoader {

    static final List<String> ALWAYS_VISIBLE = List.of("io.opsbench.plugin.", "org.pf4j.");

    static {
        registerAsParallelCapable();
    }

    private final ClassLoader host;
    private final List<String> visiblePackages;
    private final List<String> visibleResourcePrefixes;

    HostFilteringClassLoader(ClassLoader host, List<String> sharedPackages) {
        super("opsbench-plugin-parent", ClassLoader.getPlatformClassLoader());
        this.host = host;
        this.visiblePackages = Stream.concat(ALWAYS_VISIBLE.stream(), sharedPackages.stream())
            .map(p -> p.endsWith(".") ? p : p + ".")
            .toList();
        this.visibleResourcePrefixes = visiblePackages.stream().map(p -> p.replace('.', '/')).toList();
    }

    boolean isVisible(String className) {
        return visiblePackages.stream().anyMatch(className::startsWith);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        synchronized (getClassLoadingLock(name)) {
            try {
                return getParent().loadClass(name);
            } catch (ClassNotFoundException notInTheJdk) {
                if (!isVisible(name)) {
                    throw new ClassNotFoundException(name + " (not visible to plugins)");
                }
                Class<?> type = host.loadClass(name);
                if (resolve) {
                    resolveClass(type);
                }
                return type;
            }
        }
    }

    @Override
    public URL getResource(String name) {
        URL url = getParent().getResource(name);
        if (url == null && isVisibleResource(name)) {
            url = host.getResource(name);
        }
        return url;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
        if (isVisibleResource(name)) {
            return host.getResources(name);
        }
        return getParent().getResources(name);
    }

    private boolean isVisibleResource(String name) {
        String path = name.startsWith("/") ? name.substring(1) : name;
        return visibleResourcePrefixes.stream().anyMatch(path::startsWith);
    }

    @Override
    public String toString() {
        return "HostFilteringClassLoader" + visiblePackages;
    }
}
