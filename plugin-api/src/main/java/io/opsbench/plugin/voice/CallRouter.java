package io.opsbench.plugin.voice;

import io.opsbench.plugin.PluginContext;
import org.pf4j.ExtensionPoint;

/**
 * Extension point of the {@code voice} capability.
 *
 * @since 1.0
 */
public interface CallRouter extends ExtensionPoint {

    /**
     * Decides where an inbound call goes. Callers are waiting: answer quickly.
     *
     * @param context the calling tenant's context
     * @param call the ringing call
     * @return the decision
     * @throws io.opsbench.plugin.PluginException when no decision can be made
     * @since 1.0
     */
    RoutingDecision route(PluginContext context, InboundCall call);
}
