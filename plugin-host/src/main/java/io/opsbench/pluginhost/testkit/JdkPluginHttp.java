package io.opsbench.pluginhost.testkit;

import io.opsbench.plugin.PluginException;
import io.opsbench.plugin.PluginHttp;
import io.opsbench.plugin.PluginHttpRequest;
import io.opsbench.plugin.PluginHttpResponse;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * A {@link PluginHttp} on {@link HttpClient} with no egress restriction, so tests can reach a server on
 * 127.0.0.1. The platform's implementation refuses private and loopback destinations.
 */
final class JdkPluginHttp implements PluginHttp {

    // Headers HttpClient sets itself and refuses to be given.
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    @Override
    public PluginHttpResponse send(PluginHttpRequest request) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.uri())
            .timeout(request.timeout())
            .method(request.method(), request.body().length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body()));
        request.headers().forEach((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> builder.header(name, value));
            }
        });
        try {
            HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new PluginHttpResponse(response.statusCode(), response.headers().map(), response.body());
        } catch (HttpTimeoutException e) {
            throw new PluginException("http_timeout", "no answer from " + request.uri().getHost() + " within " + request.timeout(), true, e);
        } catch (IOException e) {
            throw new PluginException("http_io", "exchange with " + request.uri().getHost() + " failed: " + e.getMessage(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PluginException("http_interrupted", "the call was interrupted", true, e);
        }
    }
}
