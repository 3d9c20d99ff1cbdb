package io.opsbench.pluginhost;

import org.pf4j.ClassLoadingStrategy;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginManager;

/**
 * A plugin's own classloader: its {@code classes/} directory and {@code lib/*.jar}, plugin first, with
 * {@link HostFilteringClassLoader} as parent.
 */
final class BundleClassLoader extends PluginClassLoader {

    private final HostFilteringClassLoader hostParent;

    BundleClassLoader(PluginManager pluginManager, PluginDescriptor descriptor, HostFilteringClassLoader hostParent) {
        super(pluginManager, descriptor, hostParent, ClassLoadingStrategy.PDA);
        this.hostParent = hostParent;
    }

    @Override
    public Class<?> loadClass(String className) throws ClassNotFoundException {
        if (hostParent.isVisible(className)) {
            // plugin-api and shared types must be the host's: a copy bundled by the plugin would define
            // look-alike types the platform cannot call.
            return hostParent.loadClass(className);
        }
        return super.loadClass(className);
    }
}
