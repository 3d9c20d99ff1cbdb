package io.opsbench.plugin;

/**
 * The HTTP client of a call. The platform's implementation refuses destinations its egress rules do
 * not allow, checked on the resolved address at connect time, and does not follow redirects to them.
 *
 * @since 1.0
 */
public interface PluginHttp {

    /**
     * Sends a request and reads the whole response.
     *
     * @param request the request
     * @return the response, whatever its status code
     * @throws PluginException with code {@code egress_refused} when the destination is not allowed,
     *     {@code http_timeout} or {@code http_io} (both retryable) when the exchange failed
     * @since 1.0
     */
    PluginHttpResponse send(PluginHttpRequest request);
}
