package io.opsbench.platform.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class RateLimitIntegrationTests extends IntegrationTest {

    @Test
    void everyTenantResponseCarriesTheRateLimitHeadersAndOperatorResponsesNone() {
        TestTenant tenant = newTenant("pro");

        var response = tenant.admin().get("/v1/tenant").assertStatus(200);

        assertThat(response.header("X-RateLimit-Limit")).isEqualTo("300");
        long remaining = Long.parseLong(response.header("X-RateLimit-Remaining"));
        assertThat(remaining).isBetween(0L, 299L);
        long reset = Long.parseLong(response.header("X-RateLimit-Reset"));
        assertThat(reset).isBetween(Instant.now().getEpochSecond() - 1, Instant.now().getEpochSecond() + 61);
        assertThat(response.header("RateLimit-Policy")).isEqualTo("300;w=60");
        assertThat(response.header("RateLimit")).matches("limit=300, remaining=" + remaining + ", reset=\\d+");
        tenant.admin().get("/v1/nothing-here").assertProblem(404, "not_found");
        assertThat(tenant.admin().get("/v1/nothing-here").header("X-RateLimit-Limit")).isEqualTo("300");
        assertThat(operator().get("/v1/tenants/" + tenant.id()).header("X-RateLimit-Limit")).isNull();
    }

    @Test
    void pastTheLimitATenantGets429WithRetryAfterWhileAnotherTenantIsUnaffected() {
        TestTenant limited = newTenant("pro");
        TestTenant other = newTenant("starter");
        operator().patch("/v1/tenants/" + limited.id(), "{\"rate_limit_per_minute\": 5}").assertStatus(200);

        for (int i = 0; i < 5; i++) {
            limited.admin().get("/v1/tenant").assertStatus(200);
        }
        var refused = limited.admin().get("/v1/tenant").assertProblem(429, "rate_limited");

        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 12L);
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("5");
        assertThat(refused.header("X-RateLimit-Remaining")).isEqualTo("0");
        assertThat(refused.header("RateLimit")).startsWith("limit=5, remaining=0, reset=");
        var unaffected = other.admin().get("/v1/tenant").assertStatus(200);
        assertThat(unaffected.header("X-RateLimit-Limit")).isEqualTo("60");
    }

    @Test
    void theOperatorsOverrideTakesEffectWithinSecondsAndNullReturnsToThePlanDefault() {
        TestTenant tenant = newTenant("pro");
        assertThat(tenant.admin().get("/v1/tenant").header("X-RateLimit-Limit")).isEqualTo("300");

        var patched = operator().patch("/v1/tenants/" + tenant.id(), "{\"rate_limit_per_minute\": 1000}")
                .assertStatus(200);
        assertThat(patched.json().get("rate_limit_per_minute").asInt()).isEqualTo(1000);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(tenant.admin().get("/v1/tenant").header("X-RateLimit-Limit")).isEqualTo("1000"));

        operator().patch("/v1/tenants/" + tenant.id(), "{\"name\": \"Renamed\"}").assertStatus(200);
        assertThat(operator().get("/v1/tenants/" + tenant.id()).json().get("rate_limit_per_minute").asInt())
                .isEqualTo(1000);
        operator().patch("/v1/tenants/" + tenant.id(), "{\"rate_limit_per_minute\": null}").assertStatus(200);
        assertThat(operator().get("/v1/tenants/" + tenant.id()).json().get("rate_limit_per_minute").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                assertThat(tenant.admin().get("/v1/tenant").header("X-RateLimit-Limit")).isEqualTo("300"));
        operator().patch("/v1/tenants/" + tenant.id(), "{\"rate_limit_per_minute\": 0}")
                .assertProblem(422, "validation_error");
    }

    @Test
    void eachKeyHasTheLimitAndTheTenantInTotalThreeTimesIt() {
        TestTenant tenant = newTenant("pro");
        operator().patch("/v1/tenants/" + tenant.id(), "{\"rate_limit_per_minute\": 3}").assertStatus(200);
        List<Api.Client> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            keys.add(api().as(operator().post("/v1/tenants/" + tenant.id() + "/api-keys").assertStatus(201).text("key")));
        }

        for (Api.Client key : keys) {
            for (int i = 0; i < 3; i++) {
                key.get("/v1/tenant").assertStatus(200);
            }
        }
        var byKey = keys.getFirst().get("/v1/tenant").assertProblem(429, "rate_limited");
        var byTenant = tenant.admin().get("/v1/tenant").assertProblem(429, "rate_limited");

        assertThat(byKey.header("X-RateLimit-Limit")).isEqualTo("3");
        assertThat(byTenant.header("X-RateLimit-Limit")).isEqualTo("9");
    }

    @Test
    void aParallelBurstOnOneNodeIsCutAtTheLimit() throws Exception {
        TestTenant tenant = newTenant("pro");
        operator().patch("/v1/tenants/" + tenant.id(), "{\"rate_limit_per_minute\": 20}").assertStatus(200);
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            calls.add(() -> tenant.admin().get("/v1/tenant").status());
        }

        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(16)) {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
        }

        // 20 per minute refills one token every 3 s: a burst this short gets the bucket, and at most one more.
        assertThat(statuses.stream().filter(s -> s == 200).count()).isBetween(20L, 21L);
        assertThat(statuses.stream().filter(s -> s == 429).count()).isEqualTo(60 - statuses.stream()
                .filter(s -> s == 200).count());
    }
}
