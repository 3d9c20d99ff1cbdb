package io.opsbench.platform.plugin;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opsbench.platform.egress.OutboundHttp;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import io.opsbench.plugin.Capability;
import io.opsbench.plugin.PluginApi;
import io.opsbench.plugin.PluginConfig;
import io.opsbench.plugin.PluginContext;
import io.opsbench.pluginhost.LoadedPlugin;
import io.opsbench.pluginhost.PluginCallFailed;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import org.pf4j.ExtensionPoint;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The capability registry: finds the calling tenant's installation for a capability, and calls its
 * plugin on the plugin version's own bulkhead, in the installation's share of it, with a timeout. The installation is read and the
 * transaction closed before the call; no database connection is held while a plugin runs.
 */
@Service
public class CapabilityCalls {

    private final Installations installations;
    private final PluginNode node;
    private final OutboundHttp outbound;
    private final MeterRegistry meters;
    private final PluginSettings settings;
    private final Clock clock;

    CapabilityCalls(Installations installations, PluginNode node, OutboundHttp outbound, MeterRegistry meters,
            PluginSettings settings, Clock clock) {
        this.installations = installations;
        this.node = node;
        this.outbound = outbound;
        this.meters = meters;
        this.settings = settings;
        this.clock = clock;
    }

    /** A plugin's answer and which installation gave it. */
    public record Result<R>(R value, UUID installationId, String pluginId, String version) {
    }

    public <T extends ExtensionPoint, R> Result<R> call(Capability capability, Class<T> extensionPoint,
            BiFunction<T, PluginContext, R> call) {
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Capability calls must not run inside a database transaction");
        }
        Installations.Resolved resolved = installations.resolve(capability);
        Installation installation = resolved.installation();
        LoadedPlugin plugin = node.acquire(resolved.release());
        PluginContext context = PlatformPluginContext.of(TenantScope.require().toString(),
                installation.id().toString(), installation.pluginId(), PluginConfig.of(resolved.config()), clock,
                PluginApi.VERSION, outbound);
        Timer.Sample sample = Timer.start(meters);
        String outcome = "success";
        try {
            R value = node.runtime().calls().call(plugin, installation.id().toString(), extensionPoint,
                    extension -> call.apply(extension, context));
            if (installation.consecutiveFailures() > 0) {
                installations.callSucceeded(installation);
            }
            return new Result<>(value, installation.id(), installation.pluginId(), installation.version());
        } catch (PluginCallFailed failed) {
            outcome = failed.reason().name().toLowerCase(java.util.Locale.ROOT);
            if (failed.reason() == PluginCallFailed.Reason.ERROR || failed.reason() == PluginCallFailed.Reason.TIMEOUT) {
                installations.callFailed(installation, settings.suspendAfterFailures());
            }
            throw pluginError(failed);
        } finally {
            sample.stop(meters.timer("opsbench.plugin.calls", "plugin", installation.pluginId(),
                    "version", installation.version(), "capability", capability.wireName(), "outcome", outcome));
        }
    }

    private static ProblemException pluginError(PluginCallFailed failed) {
        String why = switch (failed.reason()) {
            case ERROR -> failed.pluginException().map(e -> "failed (" + e.code() + "): " + e.getMessage())
                    .orElse("failed: " + failed.getMessage());
            case TIMEOUT -> "did not answer in time";
            case REJECTED -> "is at capacity; retry shortly";
            case CIRCUIT_OPEN -> "timed out repeatedly and is paused for a while";
        };
        return new ProblemException(ProblemCode.PLUGIN_ERROR,
                "Plugin %s@%s %s".formatted(failed.pluginId(), failed.version(), why), List.of(),
                Map.of("plugin_id", failed.pluginId(), "plugin_version", failed.version(),
                        "reason", failed.reason().name().toLowerCase(java.util.Locale.ROOT)));
    }
}
