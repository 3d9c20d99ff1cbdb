package io.opsbench.pluginhost;

import java.nio.file.Files;
import java.nio.file.Path;
import org.pf4j.BasePluginLoader;
import org.pf4j.DefaultPluginClasspath;
import org.pf4j.PluginClassLoader;
import org.pf4j.PluginDescriptor;

/** Loads an exploded bundle's {@code classes/} and {@code lib/*.jar} into a {@link BundleClassLoader}. */
final class BundlePluginLoader extends BasePluginLoader {

    private final BundlePluginManager manager;

    BundlePluginLoader(BundlePluginManager manager) {
        super(manager, new DefaultPluginClasspath());
        this.manager = manager;
    }

    @Override
    public boolean isApplicable(Path pluginPath) {
        return Files.isDirectory(pluginPath);
    }

    @Override
    protected PluginClassLoader createPluginClassLoader(Path pluginPath, PluginDescriptor pluginDescriptor) {
        return new BundleClassLoader(manager, pluginDescriptor, manager.hostParent());
    }
}
