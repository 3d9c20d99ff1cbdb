package io.opsbench.platform.ratelimit;

import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemWriter;
import io.opsbench.platform.web.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Applies the rate limits to every request of a tenant key, after authentication, and tells the
 * client where it stands in both header styles: {@code X-RateLimit-*} and the IETF draft's
 * {@code RateLimit-Policy} / {@code RateLimit}. Operator and vendor keys are not limited.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 30)
class RateLimiting extends RequestFilter {

    private final RateLimits limits;
    private final ProblemWriter problems;
    private final Clock clock;

    RateLimiting(RateLimits limits, ProblemWriter problems, Clock clock) {
        this.limits = limits;
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(Principal.of(request).orElse(null) instanceof Principal.Tenant tenant)) {
            chain.doFilter(request, response);
            return;
        }
        Buckets.Decision decision = limits.tryConsume(tenant.tenantId(), tenant.keyId());
        long reset = seconds(decision.resetNanos());
        response.setHeader("X-RateLimit-Limit", Long.toString(decision.limit()));
        response.setHeader("X-RateLimit-Remaining", Long.toString(decision.remaining()));
        response.setHeader("X-RateLimit-Reset", Long.toString(clock.instant().getEpochSecond() + reset));
        response.setHeader("RateLimit-Policy", decision.limit() + ";w=60");
        // Concatenated rather than formatted: this runs on every request, and a format string is parsed each time.
        response.setHeader("RateLimit", "limit=" + decision.limit() + ", remaining=" + decision.remaining()
                + ", reset=" + reset);
        if (!decision.allowed()) {
            long retryAfter = seconds(decision.retryNanos());
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
            problems.write(request, response, ProblemCode.RATE_LIMITED,
                    "Over %d requests per minute; retry in %d s".formatted(decision.limit(), retryAfter));
            return;
        }
        chain.doFilter(request, response);
    }

    private static long seconds(long nanos) {
        return Math.max(0, (nanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
    }
}
