package io.opsbench.pluginhost;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.ExtensionFactory;
import org.pf4j.PluginRuntimeException;

/**
 * Creates each extension once per loaded plugin version with its public no-argument constructor. Nothing
 * of the host is injected: the tenant's {@code PluginContext} arrives as an argument of every call.
 */
final class IsolatedExtensionFactory implements ExtensionFactory {

    private final Map<ClassLoader, Map<Class<?>, Object>> singletons = new ConcurrentHashMap<>();

    @Override
    public <T> T create(Class<T> extensionClass) {
        Map<Class<?>, Object> perPlugin = singletons.computeIfAbsent(extensionClass.getClassLoader(), loader -> new ConcurrentHashMap<>());
        return extensionClass.cast(perPlugin.computeIfAbsent(extensionClass, IsolatedExtensionFactory::instantiate));
    }

    /** Drops the instances of an unloaded plugin, so nothing here keeps its classloader alive. */
    void forget(ClassLoader pluginClassLoader) {
        singletons.remove(pluginClassLoader);
    }

    private static Object instantiate(Class<?> extensionClass) {
        if (Modifier.isAbstract(extensionClass.getModifiers()) || !Modifier.isPublic(extensionClass.getModifiers())) {
            throw new PluginRuntimeException("Extension {} must be a public, concrete class", extensionClass.getName());
        }
        try {
            Constructor<?> constructor = extensionClass.getConstructor();
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new PluginRuntimeException("Extension {} needs a public no-argument constructor", extensionClass.getName());
        } catch (InvocationTargetException e) {
            throw new PluginRuntimeException(e.getCause(), "Extension {} failed in its constructor", extensionClass.getName());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new PluginRuntimeException(e, "Extension {} cannot be instantiated", extensionClass.getName());
        }
    }
}
