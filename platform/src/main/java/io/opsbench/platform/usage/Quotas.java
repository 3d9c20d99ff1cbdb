package io.opsbench.platform.usage;

import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import io.opsbench.platform.web.ProblemWriter;
import io.opsbench.platform.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Meters every tenant request the rate limiter let through, and refuses with 402 once the month's
 * quota is used up. {@code GET /v1/usage} is neither counted nor refused, so a tenant can always see
 * where it stands.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 40)
class Quotas extends RequestFilter {

    static final String USAGE_PATH = "/v1/usage";

    private final ApiCalls apiCalls;
    private final ProblemWriter problems;

    Quotas(ApiCalls apiCalls, ProblemWriter problems) {
        this.apiCalls = apiCalls;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (Principal.of(request).orElse(null) instanceof Principal.Tenant tenant
                && !request.getRequestURI().equals(USAGE_PATH)) {
            Optional<ApiCalls.Usage> refused = apiCalls.tryCount(tenant.tenantId());
            if (refused.isPresent()) {
                ApiCalls.Usage usage = refused.get();
                problems.write(request, response, new ProblemException(ProblemCode.QUOTA_EXCEEDED,
                        "This tenant used its %d API calls of %s; the quota renews next month"
                                .formatted(usage.quota(), usage.period()),
                        List.of(), Map.of("period", usage.period(), "api_calls", usage.apiCalls(),
                                "quota", usage.quota())));
                return;
            }
        }
        chain.doFilter(request, response);
    }
}
