package io.opsbench.platform.auth;

import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemWriter;
import io.opsbench.platform.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Authenticates every {@code /v1} request and the metrics endpoint from {@code Authorization: Bearer}.
 * A tenant key binds its tenant to the request thread, so every transaction the request opens runs
 * under that tenant's row-level security.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 20)
class Authentication extends RequestFilter {

    static final String PRINCIPAL_ATTRIBUTE = Principal.class.getName();
    private static final String BEARER = "Bearer ";

    private final Authenticator authenticator;
    private final LastUsed lastUsed;
    private final ProblemWriter problems;

    Authentication(Authenticator authenticator, LastUsed lastUsed, ProblemWriter problems) {
        this.authenticator = authenticator;
        this.lastUsed = lastUsed;
        this.problems = problems;
    }

    static Optional<Principal> principal(HttpServletRequest request) {
        return Optional.ofNullable((Principal) request.getAttribute(PRINCIPAL_ATTRIBUTE));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/v1") || path.startsWith("/v1/") || path.startsWith("/actuator/prometheus"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            unauthorized(request, response, "Send your API key as 'Authorization: Bearer <key>'");
            return;
        }
        Optional<Authenticator.Authenticated> authenticated =
                authenticator.authenticate(header.substring(BEARER.length()).trim());
        if (authenticated.isEmpty()) {
            unauthorized(request, response, "The API key is unknown or revoked");
            return;
        }
        Principal principal = authenticated.get().principal();
        if (authenticated.get().tenantSuspended()) {
            problems.write(request, response, ProblemCode.TENANT_SUSPENDED,
                    "This tenant is suspended; contact the operator");
            return;
        }
        if (request.getRequestURI().startsWith("/actuator/") && !(principal instanceof Principal.Operator)) {
            problems.write(request, response, ProblemCode.FORBIDDEN, "Metrics are for the operator's key only");
            return;
        }
        request.setAttribute(PRINCIPAL_ATTRIBUTE, principal);
        lastUsed.record(principal);
        if (principal instanceof Principal.Tenant tenant) {
            TenantScope.bind(tenant.tenantId());
        }
        try {
            chain.doFilter(request, response);
        } finally {
            TenantScope.clear();
        }
    }

    private void unauthorized(HttpServletRequest request, HttpServletResponse response, String detail)
            throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        problems.write(request, response, ProblemCode.UNAUTHORIZED, detail);
    }
}
