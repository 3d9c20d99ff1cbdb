package io.opsbench.plugin.events;

import io.opsbench.plugin.PluginContext;
import org.pf4j.ExtensionPoint;

/**
 * Extension point of the {@code events} capability. Delivery is at least once: an event may arrive
 * twice, so handle it idempotently by {@link PlatformEvent#id()}.
 *
 * @since 1.0
 */
public interface EventListener extends ExtensionPoint {

    /**
     * Handles one event.
     *
     * @param context the context of the tenant the event belongs to
     * @param event the event
     * @throws io.opsbench.plugin.PluginException to have the delivery retried when retryable
     * @since 1.0
     */
    void onEvent(PluginContext context, PlatformEvent event);
}
