package io.opsbench.platform.plugin;

import io.opsbench.platform.egress.EgressRefused;
import io.opsbench.platform.egress.OutboundHttp;
import io.opsbench.plugin.PluginConfig;
import io.opsbench.plugin.PluginContext;
import io.opsbench.plugin.PluginException;
import io.opsbench.plugin.PluginHttp;
import io.opsbench.plugin.PluginHttpRequest;
import io.opsbench.plugin.PluginHttpResponse;
import io.opsbench.plugin.PluginLogger;
import java.io.UncheckedIOException;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The calling tenant's context, handed to the plugin as an argument of every call. */
record PlatformPluginContext(String tenantId, String installationId, PluginConfig config, PluginLogger logger,
        Clock clock, String platformApiVersion, PluginHttp http) implements PluginContext {

    static PlatformPluginContext of(String tenantId, String installationId, String pluginId, PluginConfig config,
            Clock clock, String apiVersion, OutboundHttp outbound) {
        Logger log = LoggerFactory.getLogger("io.opsbench.plugins." + pluginId);
        String prefix = "[tenant " + tenantId + ", installation " + installationId + "] ";
        PluginLogger logger = new PluginLogger() {
            @Override
            public void debug(String message) {
                log.debug("{}{}", prefix, message);
            }

            @Override
            public void info(String message) {
                log.info("{}{}", prefix, message);
            }

            @Override
            public void warn(String message) {
                log.warn("{}{}", prefix, message);
            }

            @Override
            public void error(String message, Throwable cause) {
                log.error("{}{}", prefix, message, cause);
            }
        };
        return new PlatformPluginContext(tenantId, installationId, config, logger, clock, apiVersion,
                request -> send(outbound, request));
    }

    private static PluginHttpResponse send(OutboundHttp outbound, PluginHttpRequest request) {
        try {
            OutboundHttp.Response response = outbound.send(request.method(), request.uri(), request.headers(),
                    request.body(), request.timeout());
            return new PluginHttpResponse(response.status(), response.headers(), response.body());
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof EgressRefused refused) {
                throw new PluginException("egress_refused", refused.getMessage());
            }
            throw new PluginException("http_failed", "HTTP call to " + request.uri().getHost() + " failed: "
                    + e.getCause().getMessage(), true, e.getCause());
        } catch (IllegalArgumentException e) {
            throw new PluginException("http_refused", e.getMessage());
        }
    }

    @Override
    public String toString() {
        return "PluginContext[tenant=" + tenantId + ", installation=" + installationId + "]";
    }
}
