package io.opsbench.plugin.sms;

import io.opsbench.plugin.PluginContext;
import org.pf4j.ExtensionPoint;

/**
 * Extension point of the {@code sms} capability.
 *
 * @since 1.0
 */
public interface SmsSender extends ExtensionPoint {

    /**
     * Sends one SMS through the tenant's provider.
     *
     * @param context the calling tenant's context
     * @param message the message
     * @return the provider's receipt
     * @throws io.opsbench.plugin.PluginException when the provider refused or could not be reached
     * @since 1.0
     */
    SmsReceipt send(PluginContext context, SmsMessage message);
}
