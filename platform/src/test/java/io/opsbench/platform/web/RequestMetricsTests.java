package io.opsbench.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerMapping;

/** What a request that fails past every handler is timed as: a 500, under the exception's name. */
class RequestMetricsTests {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final RequestMetrics metrics = new RequestMetrics(registry);

    @Test
    void anExceptionLeavingTheServletIsA500UnderItsName() {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/v1/tickets");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "/v1/tickets");
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThatThrownBy(() -> metrics.doFilter(request, response, (req, res) -> {
            throw new ServletException(new IllegalStateException("boom"));
        })).isInstanceOf(ServletException.class);

        assertThat(response.getStatus()).isEqualTo(500);
        Timer timer = registry.get(RequestMetrics.NAME).tags("exception", "IllegalStateException",
                "error", "IllegalStateException", "status", "500", "outcome", "SERVER_ERROR", "uri", "/v1/tickets",
                "method", "POST").timer();
        assertThat(timer.count()).isEqualTo(1);
    }

    @Test
    void aRequestIsTimedForAsLongAsItsChainRuns() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/v1/tickets/42");
        MockHttpServletResponse response = new MockHttpServletResponse();

        metrics.doFilter(request, response, (req, res) -> {
            ((MockHttpServletRequest) req).setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE,
                    "/v1/tickets/{id}");
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        Timer timer = registry.get(RequestMetrics.NAME).tags("uri", "/v1/tickets/{id}", "status", "200",
                "outcome", "SUCCESS", "exception", "none").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(20);
    }

    @Test
    void withoutAPatternA404IsNotFoundAndARedirectIsRedirection() throws Exception {
        MockHttpServletResponse notFound = new MockHttpServletResponse();
        metrics.doFilter(new MockHttpServletRequest("GET", "/nowhere/1"), notFound, (req, res) ->
                ((MockHttpServletResponse) res).setStatus(404));
        MockHttpServletResponse moved = new MockHttpServletResponse();
        metrics.doFilter(new MockHttpServletRequest("GET", "/elsewhere"), moved, (req, res) ->
                ((MockHttpServletResponse) res).setStatus(308));

        assertThat(registry.get(RequestMetrics.NAME).tags("uri", "NOT_FOUND", "status", "404").timer().count())
                .isEqualTo(1);
        assertThat(registry.get(RequestMetrics.NAME).tags("uri", "REDIRECTION", "status", "308",
                "outcome", "REDIRECTION").timer().count()).isEqualTo(1);
    }

    @Test
    void aRuntimeExceptionIsNamedAsItIsAndACommittedResponseKeepsItsStatus() {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
        request.setAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE, "");
        MockHttpServletResponse response = new MockHttpServletResponse();

        assertThatThrownBy(() -> metrics.doFilter(request, response, (req, res) -> {
            res.getWriter().write("partial");
            res.flushBuffer();
            throw new IllegalArgumentException("late");
        })).isInstanceOf(IllegalArgumentException.class);

        assertThat(response.getStatus()).isEqualTo(200);
        assertThat(registry.get(RequestMetrics.NAME).tags("uri", "root", "status", "200",
                "exception", "IllegalArgumentException", "error", "IllegalArgumentException").timer().count())
                .isEqualTo(1);
    }
}
