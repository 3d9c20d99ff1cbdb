package io.opsbench.plugin.ai;

import io.opsbench.plugin.PluginContext;
import org.pf4j.ExtensionPoint;

/**
 * Extension point of the {@code ai} capability.
 *
 * @since 1.0
 */
public interface ProblemTriage extends ExtensionPoint {

    /**
     * Classifies a problem description.
     *
     * @param context the calling tenant's context
     * @param request the description
     * @return the triage
     * @throws io.opsbench.plugin.PluginException when the model could not be reached
     * @since 1.0
     */
    TriageResult triage(PluginContext context, TriageRequest request);
}
