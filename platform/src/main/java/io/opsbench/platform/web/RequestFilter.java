package io.opsbench.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A filter of the API's requests, run once for each: Spring Boot registers a plain filter bean for the
 * {@code REQUEST} dispatch only, so error, async, forward and include dispatches never reach it. That is what
 * Spring's {@code OncePerRequestFilter} gives too (it skips error and async dispatches, and the ones after the
 * first), without the request attribute it sets, checks and removes on every request for every filter: eight
 * filters' worth of those was 1.8% of a ticket read's CPU.
 */
public abstract class RequestFilter extends HttpFilter {

    @Override
    protected final void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (shouldNotFilter(request)) {
            chain.doFilter(request, response);
        } else {
            doFilterInternal(request, response, chain);
        }
    }

    /** Whether this request passes the filter untouched; false unless overridden. */
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return false;
    }

    protected abstract void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
            FilterChain chain) throws ServletException, IOException;
}
