package io.opsbench.platform.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

class UsageIntegrationTests extends IntegrationTest {

    @Autowired
    UsageRepository repository;

    @Autowired
    TransactionTemplate transactions;

    private final String period = YearMonth.now(ZoneOffset.UTC).toString();

    @Test
    void pastItsMonthlyQuotaATenantGets402AndUsageStillAnswers() {
        TestTenant tenant = newTenant("pro");
        operator().patch("/v1/tenants/" + tenant.id(), "{\"monthly_api_call_quota\": 5}").assertStatus(200);

        var before = tenant.admin().get("/v1/usage").assertStatus(200);
        assertThat(before.text("period")).isEqualTo(period);
        assertThat(before.json().get("api_calls").asLong()).isZero();
        assertThat(before.json().get("quota").asLong()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            tenant.admin().get("/v1/tenant").assertStatus(200);
        }
        var refused = tenant.admin().get("/v1/tenant").assertProblem(402, "quota_exceeded");

        assertThat(refused.json().get("quota").asLong()).isEqualTo(5);
        assertThat(refused.json().get("api_calls").asLong()).isEqualTo(5);
        assertThat(refused.text("period")).isEqualTo(period);
        assertThat(refused.header("X-RateLimit-Limit")).isEqualTo("300");
        tenant.admin().post("/v1/customers", "{\"name\": \"Ada\"}").assertProblem(402, "quota_exceeded");
        var after = tenant.admin().get("/v1/usage").assertStatus(200);
        assertThat(after.json().get("api_calls").asLong()).isEqualTo(5);

        operator().patch("/v1/tenants/" + tenant.id(), "{\"monthly_api_call_quota\": null}").assertStatus(200);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() ->
                tenant.admin().get("/v1/tenant").assertStatus(200));
        assertThat(tenant.admin().get("/v1/usage").json().get("quota").asLong()).isEqualTo(50_000);
    }

    @Test
    void usageCountsCallsBeforeTheyAreFlushedAndTheFlushRecordsThemInOneRow() {
        TestTenant tenant = newTenant("enterprise");

        for (int i = 0; i < 7; i++) {
            tenant.admin().get("/v1/tenant").assertStatus(200);
        }
        tenant.admin().get("/v1/nothing-here").assertProblem(404, "not_found");
        var usage = tenant.admin().get("/v1/usage").assertStatus(200);

        assertThat(usage.json().get("api_calls").asLong()).isEqualTo(8);
        assertThat(usage.json().get("quota").isNull()).isTrue();
        TenantId id = TenantId.of(tenant.id());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            Long recorded = TenantScope.call(id, () -> transactions.execute(tx -> repository.find(id, period)));
            assertThat(recorded).isEqualTo(8L);
        });
        assertThat(tenant.admin().get("/v1/usage").json().get("api_calls").asLong()).isEqualTo(8);
    }

    @Test
    void parallelRequestsOnOneNodeCannotPassTheQuotaTogether() throws Exception {
        TestTenant tenant = newTenant("pro");
        operator().patch("/v1/tenants/" + tenant.id(), "{\"monthly_api_call_quota\": 20}").assertStatus(200);
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

        assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(20);
        assertThat(statuses.stream().filter(s -> s == 402).count()).isEqualTo(40);
        assertThat(tenant.admin().get("/v1/usage").json().get("api_calls").asLong()).isEqualTo(20);
    }

    @Test
    void starterAndBusinessPlansHaveTheirQuotas() {
        assertThat(newTenant("starter").admin().get("/v1/usage").json().get("quota").asLong()).isEqualTo(10_000);
        assertThat(newTenant("business").admin().get("/v1/usage").json().get("quota").asLong()).isEqualTo(500_000);
    }
}
