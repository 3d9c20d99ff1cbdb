package io.opsbench.pluginhost.testkit;

import io.opsbench.plugin.PluginApi;
import io.opsbench.plugin.PluginConfig;
import io.opsbench.plugin.PluginContext;
import io.opsbench.plugin.PluginHttp;
import io.opsbench.plugin.PluginHttpRequest;
import io.opsbench.plugin.PluginLogger;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A {@link PluginContext} for tests. It records every HTTP request the plugin sends and every line it logs,
 * so a test can assert on them. Its HTTP client is a real {@code java.net.http} client without the
 * platform's egress rules, so a plugin under test can talk to a local server.
 */
public final class TestPluginContext implements PluginContext {

    private final String tenantId;
    private final String installationId;
    private final PluginConfig config;
    private final Clock clock;
    private final PluginHttp delegate;
    private final List<PluginHttpRequest> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<String> logLines = Collections.synchronizedList(new ArrayList<>());

    private TestPluginContext(Builder builder) {
        this.tenantId = builder.tenantId;
        this.installationId = builder.installationId;
        this.config = PluginConfig.of(builder.config);
        this.clock = builder.clock;
        this.delegate = builder.http;
    }

    /**
     * Starts a context: tenant {@code tenant-test}, installation {@code installation-test}, empty config,
     * UTC system clock, unrestricted HTTP.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public String installationId() {
        return installationId;
    }

    @Override
    public PluginConfig config() {
        return config;
    }

    @Override
    public PluginLogger logger() {
        return new PluginLogger() {
            @Override
            public void debug(String message) {
                logLines.add("DEBUG " + message);
            }

            @Override
            public void info(String message) {
                logLines.add("INFO " + message);
            }

            @Override
            public void warn(String message) {
                logLines.add("WARN " + message);
            }

            @Override
            public void error(String message, Throwable cause) {
                logLines.add("ERROR " + message + (cause == null ? "" : " (" + cause + ")"));
            }
        };
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public String platformApiVersion() {
        return PluginApi.VERSION;
    }

    @Override
    public PluginHttp http() {
        return request -> {
            requests.add(request);
            return delegate.send(request);
        };
    }

    /**
     * Every request the plugin sent through this context, in order.
     *
     * @return a snapshot of the requests
     */
    public List<PluginHttpRequest> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /**
     * Every line the plugin logged through this context, prefixed with its level.
     *
     * @return a snapshot of the log lines
     */
    public List<String> logLines() {
        synchronized (logLines) {
            return List.copyOf(logLines);
        }
    }

    @Override
    public String toString() {
        return "TestPluginContext[" + tenantId + ", " + installationId + ", " + config + "]";
    }

    /** Builds a {@link TestPluginContext}. */
    public static final class Builder {

        private String tenantId = "tenant-test";
        private String installationId = "installation-test";
        private final Map<String, Object> config = new LinkedHashMap<>();
        private Clock clock = Clock.systemUTC();
        private PluginHttp http = new JdkPluginHttp();

        private Builder() {
        }

        /**
         * Sets the tenant id.
         *
         * @param tenantId the tenant id
         * @return this builder
         */
        public Builder tenantId(String tenantId) {
            this.tenantId = Objects.requireNonNull(tenantId, "tenantId");
            return this;
        }

        /**
         * Sets the installation id.
         *
         * @param installationId the installation id
         * @return this builder
         */
        public Builder installationId(String installationId) {
            this.installationId = Objects.requireNonNull(installationId, "installationId");
            return this;
        }

        /**
         * Adds configuration values, secrets included (as the platform hands them over: decrypted).
         *
         * @param config values by property name
         * @return this builder
         */
        public Builder config(Map<String, ?> config) {
            this.config.putAll(config);
            return this;
        }

        /**
         * Sets one configuration value.
         *
         * @param key the property name
         * @param value its value
         * @return this builder
         */
        public Builder config(String key, Object value) {
            this.config.put(key, value);
            return this;
        }

        /**
         * Sets the clock.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Replaces the HTTP client, e.g. with a stub; requests are still recorded.
         *
         * @param http the client
         * @return this builder
         */
        public Builder http(PluginHttp http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /**
         * Builds the context.
         *
         * @return the context
         */
        public TestPluginContext build() {
            return new TestPluginContext(this);
        }
    }
}
