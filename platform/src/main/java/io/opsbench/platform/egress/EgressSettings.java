package io.opsbench.platform.egress;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code opsbench.egress.*}.
 *
 * @param allowPrivateNetwork (env {@code OPSBENCH_EGRESS_ALLOW_PRIVATE_NETWORK}) lets outbound calls reach loopback
 *     and private addresses: for local development and tests only
 * @param maxConnectionsPerHost connections open at once to one scheme, host and port, for webhooks and plugins
 *     together: at least a node's webhook slots (256), so that webhooks to a host many tenants share (an
 *     integration platform's hooks, say) never wait for each other's connections
 * @param maxConnections connections open at once in all
 */
@ConfigurationProperties("opsbench.egress")
public record EgressSettings(boolean allowPrivateNetwork, @DefaultValue("256") int maxConnectionsPerHost,
        @DefaultValue("1024") int maxConnections) {

    public EgressSettings {
        if (maxConnectionsPerHost < 1 || maxConnections < maxConnectionsPerHost) {
            throw new IllegalArgumentException("opsbench.egress: max-connections-per-host must be at least 1, and "
                    + "max-connections at least max-connections-per-host");
        }
    }
}
