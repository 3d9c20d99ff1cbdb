package io.opsbench.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.opsbench.platform.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.ApplicationContext;
import org.springframework.web.filter.ServerHttpObservationFilter;

/** Every request is timed once, under its path pattern, with the tags Spring Boot's request observation used. */
class RequestMetricsIntegrationTests extends IntegrationTest {

    @Autowired
    private MeterRegistry registry;

    @Autowired
    private ApplicationContext context;

    @Test
    void aRequestIsTimedOnceUnderItsPathPattern() {
        TestTenant tenant = newTenant("pro");
        Map<String, String> tags = Map.of("error", "none", "exception", "none", "method", "GET",
                "outcome", "CLIENT_ERROR", "status", "404", "uri", "/v1/tickets/{id}");
        long before = count(tags);

        tenant.admin().get("/v1/tickets/" + UUID.randomUUID()).assertProblem(404, "not_found");

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> count(tags) == before + 1);
        assertThat(operator().get("/actuator/prometheus").assertStatus(200).raw()).contains(
                "http_server_requests_seconds_count{error=\"none\",exception=\"none\",method=\"GET\","
                        + "outcome=\"CLIENT_ERROR\",status=\"404\",uri=\"/v1/tickets/{id}\"}");
    }

    @Test
    void aSuccessIsTimedUnderItsPattern() {
        TestTenant tenant = newTenant("pro");
        Map<String, String> tags = Map.of("method", "GET", "outcome", "SUCCESS", "status", "200", "uri", "/v1/tickets");
        long before = count(tags);

        tenant.admin().get("/v1/tickets").assertStatus(200);

        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> count(tags) == before + 1);
    }

    @Test
    void springsRequestObservationIsNotRegisteredBesideIt() {
        assertThat(context.getBeansOfType(FilterRegistrationBean.class).values())
                .noneMatch(registration -> registration.getFilter() instanceof ServerHttpObservationFilter);
        assertThat(context.getBeansOfType(ServerHttpObservationFilter.class)).isEmpty();
    }

    @Test
    void requestsTurnedAwayBeforeAnyHandlerHaveNoPatternAndNoRawPath() {
        Map<String, String> unauthorized = Map.of("method", "GET", "status", "401", "uri", "UNKNOWN",
                "outcome", "CLIENT_ERROR");
        long before = count(unauthorized);
        String path = "/v1/tickets/" + UUID.randomUUID();

        api().anonymous().get(path).assertProblem(401, "unauthorized");

        await().atMost(Duration.ofSeconds(5)).until(() -> count(unauthorized) == before + 1);
        assertThat(registry.find(RequestMetrics.NAME).tag("uri", path).timers()).isEmpty();
    }

    @Test
    void aMethodOutsideHttpsOwnIsTaggedUnknown() {
        TestTenant tenant = newTenant("pro");
        Map<String, String> tags = Map.of("method", "UNKNOWN", "uri", "UNKNOWN");
        long before = count(tags);

        int status = tenant.admin().send("BREW", "/v1/tickets").status();

        assertThat(status).isBetween(400, 599);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(tags) == before + 1);
        assertThat(registry.find(RequestMetrics.NAME).tag("method", "BREW").timers()).isEmpty();
    }

    private long count(Map<String, String> tags) {
        var search = registry.find(RequestMetrics.NAME);
        for (var tag : tags.entrySet()) {
            search = search.tag(tag.getKey(), tag.getValue());
        }
        return search.timers().stream().mapToLong(Timer::count).sum();
    }
}
