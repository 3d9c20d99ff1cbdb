package io.opsbench.platform.egress;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.util.Timeout;
import org.springframework.stereotype.Component;

/**
 * The one outbound HTTP client: webhooks and plugins send through it. Apache HttpClient 5 because it
 * lets the egress policy sit in the DNS resolver the connection manager calls while connecting, so
 * the address checked is the address used; redirects are never followed. A call waits at most its timeout for
 * a pooled connection, at most 5 s to connect and at most its timeout for the answer.
 */
@Component
public class OutboundHttp implements AutoCloseable {

    private static final int MAX_RESPONSE_BYTES = 1024 * 1024;

    private final CloseableHttpClient client;

    OutboundHttp(EgressSettings settings) {
        DnsResolver resolver = settings.allowPrivateNetwork() ? SystemDefaultDnsResolver.INSTANCE
                : new GuardedResolver();
        this.client = HttpClients.custom()
                .setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDnsResolver(resolver)
                        .setDefaultConnectionConfig(ConnectionConfig.custom()
                                .setConnectTimeout(Timeout.ofSeconds(5)).build())
                        .setMaxConnTotal(settings.maxConnections())
                        .setMaxConnPerRoute(settings.maxConnectionsPerHost())
                        .build())
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableAutomaticRetries()
                .build();
    }

    public record Response(int status, Map<String, List<String>> headers, byte[] body) {
    }

    public Response send(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("Only http and https URLs can be called, not " + uri);
        }
        ClassicRequestBuilder builder = ClassicRequestBuilder.create(method).setUri(uri);
        headers.forEach((name, values) -> values.forEach(value -> builder.addHeader(name, value)));
        if (body != null && body.length > 0) {
            builder.setEntity(new ByteArrayEntity(body, null));
        }
        ClassicHttpRequest request = builder.build();
        // Waiting for a pooled connection is bounded by the call's timeout too (HttpClient's default is 3 minutes):
        // a request never waits longer for a connection than it would for its answer.
        var config = RequestConfig.custom().setConnectionRequestTimeout(Timeout.of(timeout))
                .setResponseTimeout(Timeout.of(timeout)).build();
        var context = org.apache.hc.client5.http.protocol.HttpClientContext.create();
        context.setRequestConfig(config);
        try {
            return client.execute(request, context, response -> {
                Map<String, List<String>> responseHeaders = new LinkedHashMap<>();
                for (Header header : response.getHeaders()) {
                    responseHeaders.computeIfAbsent(header.getName(), k -> new ArrayList<>()).add(header.getValue());
                }
                byte[] content = response.getEntity() == null ? new byte[0]
                        : EntityUtils.toByteArray(response.getEntity(), MAX_RESPONSE_BYTES);
                return new Response(response.getCode(), responseHeaders, content);
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        client.close();
    }

    /** Resolves names as usual, then refuses the connection if any address is not public. */
    static final class GuardedResolver implements DnsResolver {

        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            InetAddress[] addresses = SystemDefaultDnsResolver.INSTANCE.resolve(literal);
            for (InetAddress address : addresses) {
                String refusal = EgressPolicy.refusal(address);
                if (refusal != null) {
                    throw new EgressRefused(host, refusal);
                }
            }
            return Arrays.copyOf(addresses, addresses.length);
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
        }
    }
}
