package io.opsbench.platform.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class IdempotencyIntegrationTests extends IntegrationTest {

    private static final String NEW_KEY = "{\"name\": \"integration\", \"scope\": \"read\"}";

    private static Map<String, String> idempotencyKey(String key) {
        return Map.of("Idempotency-Key", key);
    }

    private static int activeKeys(TestTenant tenant) {
        return tenant.admin().get("/v1/api-keys").json().get("data").size();
    }

    @Test
    void aRepeatReplaysTheFirstResponseWithItsOneTimeSecretAndCreatesNothing() {
        TestTenant tenant = newTenant("pro");
        String key = "create-key-" + UUID.randomUUID();

        var first = tenant.admin().post("/v1/api-keys", NEW_KEY, idempotencyKey(key)).assertStatus(201);
        var repeat = tenant.admin().post("/v1/api-keys", NEW_KEY, idempotencyKey(key)).assertStatus(201);

        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeat.raw()).isEqualTo(first.raw());
        assertThat(repeat.text("key")).startsWith("ob_live_").isEqualTo(first.text("key"));
        assertThat(repeat.header("Content-Type")).isEqualTo(first.header("Content-Type"));
        assertThat(activeKeys(tenant)).isEqualTo(2);
        api().as(repeat.text("key")).get("/v1/tenant").assertStatus(200);
    }

    @Test
    void theSameKeyWithAnotherBodyOrPathIsRefused() {
        TestTenant tenant = newTenant("pro");
        String key = UUID.randomUUID().toString();
        tenant.admin().post("/v1/customers", "{\"name\": \"Ada\"}", idempotencyKey(key)).assertStatus(201);

        tenant.admin().post("/v1/customers", "{\"name\": \"Grace\"}", idempotencyKey(key))
                .assertProblem(422, "idempotency_key_reused");
        tenant.admin().post("/v1/technicians", "{\"name\": \"Ada\"}", idempotencyKey(key))
                .assertProblem(422, "idempotency_key_reused");
        assertThat(tenant.admin().get("/v1/customers").json().get("data").size()).isEqualTo(1);
    }

    @Test
    void clientErrorsAreStoredAndReplayedToo() {
        TestTenant tenant = newTenant("pro");
        String key = UUID.randomUUID().toString();

        var first = tenant.admin().post("/v1/customers", "{\"name\": \"\"}", idempotencyKey(key))
                .assertProblem(422, "validation_error");
        var repeat = tenant.admin().post("/v1/customers", "{\"name\": \"\"}", idempotencyKey(key))
                .assertProblem(422, "validation_error");

        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeat.json().get("errors")).isEqualTo(first.json().get("errors"));
    }

    @Test
    void aMalformedKeyIsRefusedOnTheHeader() {
        TestTenant tenant = newTenant("pro");

        for (String bad : List.of("x".repeat(256), "tab\there", " ", "")) {
            var refused = tenant.admin().post("/v1/customers", "{\"name\": \"Ada\"}", idempotencyKey(bad))
                    .assertProblem(422, "validation_error");
            assertThat(refused.json().get("errors").get(0).get("parameter").asString()).isEqualTo("Idempotency-Key");
        }
        tenant.admin().post("/v1/customers", "{\"name\": \"Ada\"}", idempotencyKey("x".repeat(255))).assertStatus(201);
        assertThat(tenant.admin().get("/v1/customers").json().get("data").size()).isEqualTo(1);
    }

    @Test
    void parallelRepeatsExecuteOnce() throws Exception {
        TestTenant tenant = newTenant("pro");
        String key = UUID.randomUUID().toString();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Api.Response>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            calls.add(() -> {
                start.await();
                return tenant.admin().post("/v1/api-keys", NEW_KEY, idempotencyKey(key));
            });
        }

        List<Api.Response> responses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(10)) {
            List<Future<Api.Response>> futures = calls.stream().map(pool::submit).toList();
            start.countDown();
            for (Future<Api.Response> future : futures) {
                responses.add(future.get());
            }
        }

        assertThat(responses).allSatisfy(r -> assertThat(r.status()).isIn(201, 409));
        List<Api.Response> executed = responses.stream()
                .filter(r -> r.status() == 201 && r.header("Idempotent-Replayed") == null).toList();
        assertThat(executed).hasSize(1);
        responses.stream().filter(r -> r.status() == 409)
                .forEach(r -> r.assertProblem(409, "idempotency_in_progress"));
        responses.stream().filter(r -> r.status() == 201)
                .forEach(r -> assertThat(r.text("key")).isEqualTo(executed.getFirst().text("key")));
        assertThat(activeKeys(tenant)).isEqualTo(2);
        var later = tenant.admin().post("/v1/api-keys", NEW_KEY, idempotencyKey(key)).assertStatus(201);
        assertThat(later.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(later.text("key")).isEqualTo(executed.getFirst().text("key"));
    }

    @Test
    void keysBelongToOneTenant() {
        TestTenant first = newTenant("pro");
        TestTenant second = newTenant("pro");
        String key = "shared-" + UUID.randomUUID();

        var a = first.admin().post("/v1/customers", "{\"name\": \"Ada\"}", idempotencyKey(key)).assertStatus(201);
        var b = second.admin().post("/v1/customers", "{\"name\": \"Ada\"}", idempotencyKey(key)).assertStatus(201);

        assertThat(b.header("Idempotent-Replayed")).isNull();
        assertThat(b.text("id")).isNotEqualTo(a.text("id"));
        // Another key of the same tenant shares its idempotency keys.
        Api.Client other = api().as(first.admin().post("/v1/api-keys", "{\"name\": \"w\", \"scope\": \"write\"}")
                .text("key"));
        var replay = other.post("/v1/customers", "{\"name\": \"Ada\"}", idempotencyKey(key)).assertStatus(201);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(replay.text("id")).isEqualTo(a.text("id"));
    }

    @Test
    void theOperatorsPostsAreIdempotentPerKey() {
        String key = UUID.randomUUID().toString();
        String body = "{\"name\": \"Idempotent Shop %s\", \"plan\": \"pro\"}".formatted(key);

        var first = operator().post("/v1/tenants", body, idempotencyKey(key)).assertStatus(201);
        var repeat = operator().post("/v1/tenants", body, idempotencyKey(key)).assertStatus(201);

        assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(repeat.text("id")).isEqualTo(first.text("id"));
        assertThat(repeat.text("api_key")).isEqualTo(first.text("api_key"));
    }

    @Test
    void requestsWithoutAKeyOrOtherMethodsAreUntouched() {
        TestTenant tenant = newTenant("pro");

        tenant.admin().post("/v1/customers", "{\"name\": \"Ada\"}").assertStatus(201);
        tenant.admin().post("/v1/customers", "{\"name\": \"Ada\"}").assertStatus(201);

        assertThat(tenant.admin().get("/v1/customers").json().get("data").size()).isEqualTo(2);
    }
}
