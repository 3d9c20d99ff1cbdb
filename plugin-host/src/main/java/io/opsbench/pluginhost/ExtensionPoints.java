package io.opsbench.pluginhost;

import io.opsbench.plugin.Capability;
import io.opsbench.plugin.ai.ProblemTriage;
import io.opsbench.plugin.email.EmailSender;
import io.opsbench.plugin.events.EventListener;
import io.opsbench.plugin.payments.PaymentProcessor;
import io.opsbench.plugin.sms.SmsSender;
import io.opsbench.plugin.voice.CallRouter;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.pf4j.ExtensionPoint;

/**
 * Which extension point implements which capability. Kept here rather than on {@link Capability} so
 * plugin-api's root package does not depend on its capability packages.
 */
public final class ExtensionPoints {

    private static final Map<Capability, Class<? extends ExtensionPoint>> POINTS = new EnumMap<>(Map.of(
        Capability.EMAIL, EmailSender.class,
        Capability.SMS, SmsSender.class,
        Capability.PAYMENTS, PaymentProcessor.class,
        Capability.VOICE, CallRouter.class,
        Capability.AI, ProblemTriage.class,
        Capability.EVENTS, EventListener.class));
    /** The reverse of {@link #POINTS}, for the lookup each plugin call makes. */
    private static final Map<Class<?>, Capability> CAPABILITIES = POINTS.entrySet().stream()
        .collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private ExtensionPoints() {
    }

    /**
     * The extension point of a capability.
     *
     * @param capability the capability
     * @return its extension point interface
     */
    public static Class<? extends ExtensionPoint> of(Capability capability) {
        return POINTS.get(capability);
    }

    /**
     * The capability an extension point belongs to.
     *
     * @param extensionPoint an extension point interface
     * @return its capability, or empty when it is not one of plugin-api's extension points
     */
    public static Optional<Capability> capabilityOf(Class<?> extensionPoint) {
        return Optional.ofNullable(CAPABILITIES.get(extensionPoint));
    }

    /**
     * The capabilities a class implements.
     *
     * @param extensionClass a plugin's extension class
     * @return every capability whose extension point it implements
     */
    public static Set<Capability> implementedBy(Class<?> extensionClass) {
        return POINTS.entrySet().stream()
            .filter(e -> e.getValue().isAssignableFrom(extensionClass))
            .map(Map.Entry::getKey)
            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Capability.class)));
    }
}
