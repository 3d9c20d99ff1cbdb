package io.opsbench.plugin;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An outbound HTTP request.
 *
 * @param method the HTTP method, upper case
 * @param uri an absolute {@code http} or {@code https} URI
 * @param headers header values by name
 * @param body the request body, empty for none
 * @param timeout how long the whole exchange may take
 * @since 1.0
 */
public record PluginHttpRequest(String method, URI uri, Map<String, List<String>> headers, byte[] body, Duration timeout) {

    /**
     * The timeout used when none is given.
     *
     * @since 1.0
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /**
     * Validates and copies the components.
     *
     * @since 1.0
     */
    public PluginHttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(uri, "uri");
        if (!method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("method must be an upper-case HTTP method: " + method);
        }
        if (!uri.isAbsolute() || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException("uri must be an absolute http or https URI: " + uri);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        (headers == null ? Map.<String, List<String>>of() : headers).forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * A GET request with no headers.
     *
     * @param uri the destination
     * @return the request
     * @since 1.0
     */
    public static PluginHttpRequest get(URI uri) {
        return new PluginHttpRequest("GET", uri, Map.of(), null, null);
    }

    /**
     * A POST request with a UTF-8 body and its content type.
     *
     * @param uri the destination
     * @param contentType e.g. {@code application/json}
     * @param body the body text
     * @return the request
     * @since 1.0
     */
    public static PluginHttpRequest post(URI uri, String contentType, String body) {
        return new PluginHttpRequest("POST", uri, Map.of("Content-Type", List.of(contentType)),
            body.getBytes(StandardCharsets.UTF_8), null);
    }

    /**
     * This request with one more header value.
     *
     * @param name the header name
     * @param value the value to add
     * @return a new request
     * @since 1.0
     */
    public PluginHttpRequest withHeader(String name, String value) {
        Map<String, List<String>> copy = new LinkedHashMap<>(headers);
        List<String> values = new ArrayList<>(copy.getOrDefault(name, List.of()));
        values.add(Objects.requireNonNull(value, "value"));
        copy.put(name, values);
        return new PluginHttpRequest(method, uri, copy, body, timeout);
    }

    /**
     * This request with another timeout.
     *
     * @param timeout the new timeout
     * @return a new request
     * @since 1.0
     */
    public PluginHttpRequest withTimeout(Duration timeout) {
        return new PluginHttpRequest(method, uri, headers, body, timeout);
    }

    /**
     * A copy of the body.
     *
     * @return the body bytes
     * @since 1.0
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        // Records compare arrays by identity; a request or response is a value, bytes included.
        return other instanceof PluginHttpRequest that && Objects.equals(method, that.method) && Objects.equals(uri, that.uri) && Objects.equals(headers, that.headers) && Objects.equals(timeout, that.timeout) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(method, uri, headers, timeout) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        // Header values may hold credentials: name them only.
        return "PluginHttpRequest[" + method + " " + uri + ", headers=" + headers.keySet() + ", body=" + body.length + " bytes]";
    }
}
