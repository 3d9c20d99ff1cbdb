package io.opsbench.platform.egress;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code opsbench.egress.*}. {@code allow-private-network} (env
 * {@code OPSBENCH_EGRESS_ALLOW_PRIVATE_NETWORK}) lets outbound calls reach loopback and private
 * addresses: for local development and tests only.
 */
@ConfigurationProperties("opsbench.egress")
public record EgressSettings(boolean allowPrivateNetwork) {
}
