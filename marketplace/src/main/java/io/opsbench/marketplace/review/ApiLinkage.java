package io.opsbench.marketplace.review;

import io.opsbench.marketplace.review.ScanRules.Reference;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.Type;

/**
 * Whether a reference into plugin-api links against the running plugin-api: the type exists, and a method or
 * field with that name and descriptor is declared by it or inherited from one of its supertypes, and is not
 * private. Answers are cached: the running API never changes.
 */
final class ApiLinkage {

    private static final Map<Reference, Optional<Reference>> CACHE = new ConcurrentHashMap<>();

    private ApiLinkage() {
    }

    /**
     * @param reference a reference whose owner is a plugin-api type
     * @return what is missing (the type, or the member), empty when it links
     */
    static Optional<Reference> missing(Reference reference) {
        return CACHE.computeIfAbsent(reference, ApiLinkage::resolve);
    }

    private static Optional<Reference> resolve(Reference reference) {
        Optional<Class<?>> owner = PlatformTypes.apiClass(reference.owner());
        if (owner.isEmpty()) {
            return Optional.of(Reference.type(reference.owner()));
        }
        boolean found = switch (reference.kind()) {
            case TYPE -> true;
            case FIELD -> hasField(owner.get(), reference.name(), reference.descriptor());
            case METHOD -> reference.name().equals("<init>")
                ? hasConstructor(owner.get(), reference.descriptor())
                : hasMethod(owner.get(), reference.name(), reference.descriptor());
        };
        return found ? Optional.empty() : Optional.of(reference);
    }

    private static boolean hasConstructor(Class<?> type, String descriptor) {
        for (Constructor<?> constructor : type.getDeclaredConstructors()) {
            if (!Modifier.isPrivate(constructor.getModifiers()) && Type.getConstructorDescriptor(constructor).equals(descriptor)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasMethod(Class<?> type, String name, String descriptor) {
        for (Class<?> candidate : hierarchy(type)) {
            for (Method method : candidate.getDeclaredMethods()) {
                if (method.getName().equals(name) && !Modifier.isPrivate(method.getModifiers())
                    && Type.getMethodDescriptor(method).equals(descriptor)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasField(Class<?> type, String name, String descriptor) {
        for (Class<?> candidate : hierarchy(type)) {
            for (Field field : candidate.getDeclaredFields()) {
                if (field.getName().equals(name) && !Modifier.isPrivate(field.getModifiers()) && Type.getDescriptor(field.getType()).equals(descriptor)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The type, its superclasses and all its superinterfaces; {@code Object} too, which interfaces inherit from. */
    private static Set<Class<?>> hierarchy(Class<?> type) {
        Set<Class<?>> all = new LinkedHashSet<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> next = pending.poll();
            if (all.add(next)) {
                if (next.getSuperclass() != null) {
                    pending.add(next.getSuperclass());
                }
                pending.addAll(List.of(next.getInterfaces()));
            }
        }
        all.add(Object.class);
        return all;
    }
}
