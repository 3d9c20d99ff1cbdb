package io.opsbench.plugin;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A response to a {@link PluginHttpRequest}.
 *
 * @param status the HTTP status code
 * @param headers header values by name
 * @param body the whole response body
 * @since 1.0
 */
public record PluginHttpResponse(int status, Map<String, List<String>> headers, byte[] body) {

    /**
     * Validates and copies the components.
     *
     * @since 1.0
     */
    public PluginHttpResponse {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        (headers == null ? Map.<String, List<String>>of() : headers).forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy);
        body = body == null ? new byte[0] : body.clone();
    }

    /**
     * Whether the status is 2xx.
     *
     * @return {@code true} for a successful status
     * @since 1.0
     */
    public boolean isSuccessful() {
        return status >= 200 && status < 300;
    }

    /**
     * The first value of a header, matched without regard to case.
     *
     * @param name the header name
     * @return the first value, or empty
     * @since 1.0
     */
    public Optional<String> header(String name) {
        return headers.entrySet().stream()
            .filter(e -> e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty())
            .map(e -> e.getValue().getFirst())
            .findFirst();
    }

    /**
     * The body decoded as UTF-8.
     *
     * @return the body text
     * @since 1.0
     */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
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
        return other instanceof PluginHttpResponse that && status == that.status && Objects.equals(headers, that.headers) && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return 31 * Objects.hash(status, headers) + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return "PluginHttpResponse[" + status + ", body=" + body.length + " bytes]";
    }
}
