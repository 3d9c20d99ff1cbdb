package io.opsbench.plugin.email;

import io.opsbench.plugin.PluginContext;
import org.pf4j.ExtensionPoint;

/**
 * Extension point of the {@code email} capability.
 *
 * @since 1.0
 */
public interface EmailSender extends ExtensionPoint {

    /**
     * Sends one message through the tenant's provider.
     *
     * @param context the calling tenant's context
     * @param message the message
     * @return the provider's receipt
     * @throws io.opsbench.plugin.PluginException when the provider refused or could not be reached
     * @since 1.0
     */
    EmailReceipt send(PluginContext context, EmailMessage message);
}
