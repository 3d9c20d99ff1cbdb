package io.opsbench.platform.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opsbench.platform.storage.IdCounts;
import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.support.Receiver;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class WebhookIntegrationTests extends IntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    WebhookWorker worker;

    @Autowired
    WebhookRepository repository;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private TestTenant tenant;
    private Api.Client admin;
    private final List<Receiver> receivers = new ArrayList<>();

    @BeforeEach
    void tenant() {
        tenant = newTenant("pro");
        admin = tenant.admin();
    }

    @AfterEach
    void stopReceivers() {
        worker.resume();
        receivers.forEach(Receiver::close);
    }

    @Test
    void deliveriesAreSignedPerTheStandardWebhooksSpecification() throws Exception {
        Receiver receiver = receiver();
        var endpoint = endpoint(receiver, "[\"customer.*\"]");
        String secret = endpoint.text("secret");
        assertThat(secret).startsWith("whsec_");
        assertThat(admin.get("/v1/webhook-endpoints/" + endpoint.text("id")).raw()).doesNotContain(secret);

        String customer = admin.post("/v1/customers", "{\"name\": \"Signed\"}").assertStatus(201).text("id");

        Receiver.Received delivery = awaitOne(receiver);
        assertThat(verify(secret, delivery)).isTrue();
        assertThat(verify(otherSecret(), delivery)).isFalse();
        JsonNode envelope = json.readTree(delivery.body());
        assertThat(envelope.get("id").asString()).isEqualTo(delivery.header("webhook-id")).startsWith("evt_");
        assertThat(envelope.get("type").asString()).isEqualTo("customer.created");
        assertThat(envelope.get("tenant_id").asString()).isEqualTo(tenant.id().toString());
        assertThat(envelope.get("created_at").asString()).isNotBlank();
        assertThat(envelope.get("data").toString()).contains(customer);
    }

    @Test
    void subscriptionsMatchExactTypesResourceWildcardsAndEverything() {
        Receiver tickets = receiver();
        Receiver everything = receiver();
        Receiver customersCreated = receiver();
        endpoint(tickets, "[\"ticket.*\"]");
        endpoint(everything, "[\"*\"]");
        endpoint(customersCreated, "[\"customer.created\"]");

        String customer = admin.post("/v1/customers", "{\"name\": \"Wild\"}").text("id");
        String ticket = admin.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\"}"
                .formatted(customer)).text("id");
        admin.post("/v1/tickets/" + ticket + "/transitions", "{\"to\": \"diagnosing\"}").assertStatus(200);

        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(types(tickets)).containsExactlyInAnyOrder("ticket.created", "ticket.transitioned");
            assertThat(types(everything)).containsExactlyInAnyOrder("customer.created", "ticket.created",
                    "ticket.transitioned");
            assertThat(types(customersCreated)).containsExactly("customer.created");
        });
        JsonNode transitioned = tickets.received().stream().map(r -> json.readTree(r.body()))
                .filter(e -> e.get("type").asString().equals("ticket.transitioned")).findFirst().orElseThrow();
        assertThat(transitioned.get("data").get("previous_status").asString()).isEqualTo("new");
    }

    @Test
    void failuresAreRetriedThenDeadThenReplayed() {
        Receiver receiver = receiver().answering(500);
        String endpoint = endpoint(receiver, "[\"customer.created\"]").text("id");
        Instant start = Instant.now();
        admin.post("/v1/customers", "{\"name\": \"Retry\"}").assertStatus(201);

        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode delivery = deliveries(endpoint).get(0);
            assertThat(delivery.get("status").asString()).isEqualTo("dead");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(4);
            assertThat(delivery.get("last_status_code").asInt()).isEqualTo(500);
        });
        assertThat(receiver.received()).hasSize(4);
        assertThat(receiver.received().stream().map(r -> r.header("webhook-id")).distinct()).hasSize(1);
        assertThat(failingSince(endpoint)).isNotNull();

        receiver.answering(200);
        String id = deliveries(endpoint).get(0).get("id").asString();
        admin.post("/v1/webhook-deliveries/" + id + "/retry").assertStatus(202);
        await().atMost(WAIT).until(() -> deliveries(endpoint).get(0).get("status").asString().equals("delivered"));
        assertThat(failingSince(endpoint)).as("a success ends the failing streak").isNull();

        receiver.answering(500);
        admin.post("/v1/customers", "{\"name\": \"Recover me\"}").assertStatus(201);
        await().atMost(WAIT).until(() -> deliveries(endpoint).valueStream()
                .anyMatch(d -> d.get("status").asString().equals("dead")));
        receiver.answering(200);
        var recovered = admin.post("/v1/webhook-endpoints/" + endpoint + "/recover",
                "{\"since\": \"%s\"}".formatted(start)).assertStatus(202);
        assertThat(recovered.json().get("replayed").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> deliveries(endpoint).valueStream()
                .allMatch(d -> d.get("status").asString().equals("delivered")));
    }

    @Test
    void aGoneEndpointIsDisabledAndSaysSo() {
        Receiver receiver = receiver().answering(410);
        String endpoint = endpoint(receiver, "[\"customer.created\"]").text("id");

        admin.post("/v1/customers", "{\"name\": \"Gone\"}").assertStatus(201);

        await().atMost(WAIT).untilAsserted(() -> {
            var current = admin.get("/v1/webhook-endpoints/" + endpoint);
            assertThat(current.json().get("enabled").asBoolean()).isFalse();
            assertThat(current.text("disabled_reason")).contains("410");
        });
        assertThat(receiver.received()).hasSize(1);
        assertThat(admin.get("/v1/events?type=webhook_endpoint.disabled").raw()).contains(endpoint);
    }

    @Test
    void anEndpointFailingForLongerThanDisableAfterIsDisabledAndSaysSo() {
        Receiver receiver = receiver().answering(500);
        String endpoint = endpoint(receiver, "[\"customer.created\"]").text("id");
        // failing since before the test configuration's disable-after (3 days)
        TenantScope.run(TenantId.of(tenant.id()), () -> jdbc.sql(
                "UPDATE webhook_endpoints SET failing_since = now() - interval '4 days' WHERE id = :id")
                .param("id", UUID.fromString(endpoint)).update());

        admin.post("/v1/customers", "{\"name\": \"Still failing\"}").assertStatus(201);

        await().atMost(WAIT).untilAsserted(() -> {
            var current = admin.get("/v1/webhook-endpoints/" + endpoint);
            assertThat(current.json().get("enabled").asBoolean()).isFalse();
            assertThat(current.text("disabled_reason")).startsWith("every delivery failed since");
        });
        assertThat(receiver.received()).hasSize(1);
        assertThat(admin.get("/v1/events?type=webhook_endpoint.disabled").raw()).contains(endpoint);
    }

    @Test
    void aBurstOfFailuresIsRecordedTogetherWhileTheirEndpointIsLocked() throws Exception {
        Receiver receiver = receiver().answering(500);
        String endpoint = endpoint(receiver, "[\"customer.created\"]").text("id");
        UUID endpointId = UUID.fromString(endpoint);
        worker.pause();
        insertEvents(20);
        repository.dispatch(10_000, Instant.now());
        List<WebhookRepository.Claimed> claimed = repository.claim(1000, Instant.now(), Duration.ofSeconds(10),
                perEndpoint(64, IdCounts.of(Map.of())), null).deliveries().stream().filter(c -> c.endpointId().equals(endpointId))
                .toList();
        assertThat(claimed).hasSize(20);
        // Another transaction holds the endpoint's row (as a PATCH, or another node recording its streak, would)
        // and one of the tenant's five connections. Recorded one transaction each, the failures held the other
        // four waiting for the row, and the rest gave up after the test configuration's max-wait (300 ms).
        CompletableFuture<Void> holder = holdEndpointRow(tenant.id(), endpointId, Duration.ofSeconds(1));

        try (var senders = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            claimed.forEach(delivery -> senders.execute(() -> worker.deliver(delivery)));
        }
        holder.get(10, TimeUnit.SECONDS);

        assertThat(receiver.received()).hasSize(20);
        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(endpoint).valueStream()).hasSize(20)
                .allSatisfy(d -> {
                    assertThat(d.get("status").asString()).isEqualTo("retrying");
                    assertThat(d.get("attempts").asInt()).isEqualTo(1);
                    assertThat(d.get("last_status_code").asInt()).isEqualTo(500);
                }));
        assertThat(failingSince(endpoint)).isNotNull();
    }

    @Test
    void aTenantWhoseResultsWaitToBeWrittenHoldsUpNoOtherTenants() throws Exception {
        Receiver receiver = receiver().answering(500);
        UUID endpoint = UUID.fromString(endpoint(receiver, "[\"customer.created\"]").text("id"));
        TestTenant other = newTenant("pro");
        Receiver othersReceiver = receiver().answering(500);
        String othersEndpoint = other.admin().post("/v1/webhook-endpoints",
                "{\"url\": \"%s\", \"events\": [\"customer.created\"]}".formatted(othersReceiver.url("/hooks")))
                .assertStatus(201).text("id");
        worker.pause();
        insertEvents(1);
        other.admin().post("/v1/customers", "{\"name\": \"Not held up\"}").assertStatus(201);
        repository.dispatch(10_000, Instant.now());
        var claimed = repository.claim(1000, Instant.now(), Duration.ofSeconds(10),
                perEndpoint(64, IdCounts.of(Map.of())), null).deliveries();
        var mine = claimed.stream().filter(c -> c.endpointId().equals(endpoint)).findFirst().orElseThrow();
        var others = claimed.stream().filter(c -> c.endpointId().toString().equals(othersEndpoint)).findFirst()
                .orElseThrow();
        CompletableFuture<Void> holder = holdEndpointRow(tenant.id(), endpoint, Duration.ofSeconds(3));

        // this tenant's failure is sent, and its writer waits for the endpoint's row
        Thread.startVirtualThread(() -> worker.deliver(mine));
        await().atMost(Duration.ofSeconds(5)).until(() -> jdbc.sql(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'").query(Integer.class).single() > 0);
        Thread.startVirtualThread(() -> worker.deliver(others));

        await().atMost(Duration.ofSeconds(2)).until(() -> other.admin().get("/v1/webhook-endpoints/" + othersEndpoint
                + "/deliveries").json().get("data").get(0).get("status").asString().equals("retrying"));
        assertThat(holder).as("the other tenant's result was written while this tenant's waited").isNotDone();
        holder.get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> deliveries(endpoint.toString()).get(0).get("status").asString()
                .equals("retrying"));
    }

    @Test
    void aCrashedWorkersClaimsAreDeliveredAfterTheirLeaseRunsOut() {
        Receiver receiver = receiver();
        endpoint(receiver, "[\"customer.created\"]");
        worker.pause();
        Set<String> expected = new java.util.HashSet<>();
        for (int i = 0; i < 5; i++) {
            admin.post("/v1/customers", "{\"name\": \"Crash %d\"}".formatted(i)).assertStatus(201);
        }
        repository.dispatch(1000, Instant.now());
        // A node claims the batch and dies before sending anything.
        var claimed = repository.claim(1000, Instant.now(), Duration.ofSeconds(2), perEndpoint(1000, IdCounts.of(Map.of())), null)
                .deliveries();
        claimed.stream().filter(c -> c.tenantId().value().equals(tenant.id())).forEach(c -> expected.add(c.eventId()));
        assertThat(expected).hasSize(5);

        worker.resume();

        await().atMost(WAIT).untilAsserted(() -> assertThat(receiver.received().stream()
                .map(r -> r.header("webhook-id")).collect(Collectors.toSet())).containsAll(expected));
    }

    @Test
    void anEventPurgedBeforeItsFanOutDoesNotHoldUpTheOnesAfterIt() {
        Receiver receiver = receiver();
        endpoint(receiver, "[\"customer.created\"]");
        worker.pause();
        String purged = "evt_" + UUID.randomUUID().toString().replace("-", "");
        TenantScope.run(TenantId.of(tenant.id()), () -> jdbc.sql("""
                INSERT INTO outbox_events (tenant_id, id, type, resource_type, resource_id, sequence, payload, created_at)
                VALUES (:tenant, :id, 'customer.created', 'customer', :resource, 1, '{}'::jsonb, '2001-01-01T00:00:00Z')
                """).param("tenant", tenant.id()).param("id", purged).param("resource", UUID.randomUUID()).update());
        assertThat(repository.purge(Instant.parse("2001-01-02T00:00:00Z"))).isEqualTo(1);
        String customer = admin.post("/v1/customers", "{\"name\": \"After the purge\"}").assertStatus(201).text("id");

        worker.resume();

        assertThat(awaitOne(receiver).body()).contains(customer);
        assertThat(receiver.received()).noneSatisfy(delivery -> assertThat(delivery.header("webhook-id")).isEqualTo(purged));
    }

    @Test
    void theFanOutTakesTheQueueInBatchesWithOnePlanPerSession() {
        Receiver receiver = receiver();
        String endpoint = endpoint(receiver, "[\"customer.created\"]").text("id");
        worker.pause();
        repository.dispatch(10_000, Instant.now());
        insertEvents(25);

        List<Integer> batches = List.of(repository.dispatch(10, Instant.now()), repository.dispatch(10, Instant.now()),
                repository.dispatch(10, Instant.now()));

        assertThat(batches).containsExactly(10, 10, 5);
        int pending = TenantScope.call(TenantId.of(tenant.id()), () -> jdbc.sql(
                "SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = :endpoint AND status = 'pending'")
                .param("endpoint", UUID.fromString(endpoint)).query(Integer.class).single());
        assertThat(pending).isEqualTo(25);
        // V16: a custom plan per call cost more than the fan-out's own work; the generic plan is kept.
        assertThat(jdbc.sql("SELECT array_to_string(proconfig, ' ') FROM pg_proc WHERE proname = 'dispatch_outbox_events'")
                .query(String.class).single()).contains("plan_cache_mode=force_generic_plan");
    }

    @Test
    void twoWorkersNeverDeliverTheSameAttemptTwice() throws Exception {
        Receiver receiver = receiver();
        String endpoint = endpoint(receiver, "[\"customer.created\"]").text("id");
        worker.pause();
        for (int i = 0; i < 20; i++) {
            admin.post("/v1/customers", "{\"name\": \"Twice %d\"}".formatted(i)).assertStatus(201);
        }

        var first = CompletableFuture.supplyAsync(worker::runOnce);
        var second = CompletableFuture.supplyAsync(worker::runOnce);
        first.get();
        second.get();
        worker.resume();

        await().atMost(WAIT).until(() -> receiver.received().size() >= 20);
        List<String> ids = receiver.received().stream().map(r -> r.header("webhook-id")).toList();
        assertThat(ids).hasSize(20).doesNotHaveDuplicates();
        // Successes sent at the same time are recorded together; each is recorded once, as delivered.
        await().atMost(WAIT).untilAsserted(() -> assertThat(deliveries(endpoint).valueStream())
                .hasSize(20).allSatisfy(d -> {
                    assertThat(d.get("status").asString()).isEqualTo("delivered");
                    assertThat(d.get("attempts").asInt()).isEqualTo(1);
                    assertThat(d.get("last_status_code").asInt()).isEqualTo(200);
                }));
    }

    @Test
    void aSlowEndpointDoesNotDelayAFastOne() {
        Receiver slow = receiver().slow(Duration.ofSeconds(4));
        Receiver fast = receiver();
        String slowEndpoint = endpoint(slow, "[\"customer.created\"]").text("id");
        String fastEndpoint = endpoint(fast, "[\"customer.created\"]").text("id");
        for (int i = 0; i < 3; i++) {
            admin.post("/v1/customers", "{\"name\": \"Race %d\"}".formatted(i)).assertStatus(201);
        }

        await().atMost(Duration.ofSeconds(3)).until(() -> deliveries(fastEndpoint).size() == 3
                && deliveries(fastEndpoint).valueStream().allMatch(d -> d.get("status").asString().equals("delivered")));
        assertThat(deliveries(slowEndpoint).valueStream().map(d -> d.get("status").asString()))
                .as("the slow endpoint is still answering").doesNotContain("delivered");
    }

    @Test
    void aBacklogIsSentWhileAFanOutWaits() throws Exception {
        Receiver receiver = receiver();
        endpoint(receiver, "[\"customer.created\"]");
        TestTenant other = newTenant("pro");
        Receiver othersReceiver = receiver();
        UUID othersEndpoint = UUID.fromString(other.admin().post("/v1/webhook-endpoints",
                "{\"url\": \"%s\", \"events\": [\"customer.created\"]}".formatted(othersReceiver.url("/hooks")))
                .assertStatus(201).text("id"));
        worker.pause();
        // More deliveries due at one endpoint than its limit (64) lets one round take
        insertEvents(100);
        repository.dispatch(10_000, Instant.now());
        // and a new event whose fan-out waits: another transaction holds its endpoint's row, which the new
        // delivery's foreign key must lock
        other.admin().post("/v1/customers", "{\"name\": \"Fanned out later\"}").assertStatus(201);
        CompletableFuture<Void> holder = holdEndpointRow(other.id(), othersEndpoint, Duration.ofSeconds(4));

        worker.resume();

        // All 100 go out while the fan-out waits (when rounds waited for it, the other 36 waited for the row too).
        await().atMost(Duration.ofSeconds(3)).until(() -> receiver.received().size() >= 100);
        assertThat(holder).as("the backlog was sent while the fan-out waited").isNotDone();
        holder.get(10, TimeUnit.SECONDS);
        // Claimed once, after the fan-out's 4 s wait, with a lease counted from then (from before the wait, the
        // test's 2 s lease had run out as it was claimed, and the next round claimed and sent it again).
        await().atMost(WAIT).untilAsserted(() -> {
            JsonNode delivery = other.admin().get("/v1/webhook-endpoints/" + othersEndpoint + "/deliveries").json()
                    .get("data").get(0);
            assertThat(delivery.get("status").asString()).isEqualTo("delivered");
            assertThat(delivery.get("attempts").asInt()).isEqualTo(1);
        });
        assertThat(othersReceiver.received()).hasSize(1);
    }

    @Test
    void aSlowEndpointsBacklogHoldsOnlyItsOwnShareOfTheSlots() {
        Receiver slow = receiver().slow(Duration.ofSeconds(4));
        endpoint(slow, "[\"customer.created\"]");
        worker.pause();
        // More deliveries due at the slow endpoint than the node has slots (256), all due before the next one.
        insertEvents(300);
        repository.dispatch(10_000, Instant.now());

        assertAnotherTenantsEventIsDeliveredWithinThreeSeconds();
        assertThat(slow.received()).as("the slow endpoint is being sent its backlog").isNotEmpty();
    }

    @Test
    void aTenantsSlowEndpointsTogetherHoldOnlyItsShareOfTheSlots() {
        Receiver slow = receiver().slow(Duration.ofSeconds(4));
        for (int i = 0; i < 5; i++) {
            endpoint(slow, "[\"customer.created\"]");
        }
        worker.pause();
        // 5 slow endpoints with 70 due each: their per-endpoint limits (64) alone would take all 256 slots
        insertEvents(70);
        repository.dispatch(10_000, Instant.now());

        assertAnotherTenantsEventIsDeliveredWithinThreeSeconds();
        assertThat(slow.received()).as("the slow endpoints are being sent their backlogs").isNotEmpty();
    }

    /** With the worker paused behind a backlog: another tenant's event, due after all of it, once it resumes. */
    private void assertAnotherTenantsEventIsDeliveredWithinThreeSeconds() {
        TestTenant other = newTenant("pro");
        Receiver fast = receiver();
        other.admin().post("/v1/webhook-endpoints", "{\"url\": \"%s\", \"events\": [\"customer.created\"]}"
                .formatted(fast.url("/hooks"))).assertStatus(201);
        other.admin().post("/v1/customers", "{\"name\": \"Behind the backlog\"}").assertStatus(201);

        worker.resume();

        await().atMost(Duration.ofSeconds(3)).until(() -> fast.received().size() == 1);
    }

    @Test
    void aClaimTakesPerEndpointAtMostTheLimitLessWhatIsInFlightAndNothingOfADisabledOne() {
        UUID first = UUID.fromString(endpoint(receiver(), "[\"customer.created\"]").text("id"));
        UUID second = UUID.fromString(endpoint(receiver(), "[\"customer.created\"]").text("id"));
        UUID disabled = UUID.fromString(endpoint(receiver(), "[\"customer.created\"]").text("id"));
        worker.pause();
        insertEvents(5);
        repository.dispatch(10_000, Instant.now());
        admin.patch("/v1/webhook-endpoints/" + disabled, "{\"enabled\": false}").assertStatus(200);

        var claimed = repository.claim(1000, Instant.now(), Duration.ofSeconds(30),
                perEndpoint(3, IdCounts.of(Map.of(first, 2, UUID.randomUUID(), 3))), null).deliveries();

        assertThat(claimed.stream().filter(c -> Set.of(first, second, disabled).contains(c.endpointId()))
                .collect(Collectors.groupingBy(WebhookRepository.Claimed::endpointId, Collectors.counting())))
                .isEqualTo(Map.of(first, 1L, second, 3L));
    }

    @Test
    void aClaimTakesPerTenantAtMostTheLimitLessWhatIsInFlightAcrossItsEndpoints() {
        UUID first = UUID.fromString(endpoint(receiver(), "[\"customer.created\"]").text("id"));
        UUID second = UUID.fromString(endpoint(receiver(), "[\"customer.created\"]").text("id"));
        TestTenant other = newTenant("pro");
        UUID others = UUID.fromString(other.admin().post("/v1/webhook-endpoints",
                "{\"url\": \"%s\", \"events\": [\"customer.created\"]}".formatted(receiver().url("/hooks")))
                .assertStatus(201).text("id"));
        worker.pause();
        insertEvents(5);
        for (int i = 0; i < 3; i++) {
            other.admin().post("/v1/customers", "{\"name\": \"Other %d\"}".formatted(i)).assertStatus(201);
        }
        repository.dispatch(10_000, Instant.now());

        // 10 due for the tenant over two endpoints, 2 of its deliveries already in flight, a limit of 7 per tenant
        var claimed = repository.claim(1000, Instant.now(), Duration.ofSeconds(30), new WebhookRepository.Limits(64,
                IdCounts.of(Map.of()), 7, IdCounts.of(Map.of(tenant.id(), 2))), null).deliveries();

        Map<UUID, Long> byEndpoint = claimed.stream()
                .filter(c -> Set.of(first, second, others).contains(c.endpointId()))
                .collect(Collectors.groupingBy(WebhookRepository.Claimed::endpointId, Collectors.counting()));
        assertThat(byEndpoint.getOrDefault(first, 0L) + byEndpoint.getOrDefault(second, 0L)).isEqualTo(5);
        assertThat(byEndpoint.get(others)).as("another tenant's own limit").isEqualTo(3);
    }

    @Test
    void eachClaimGoesOnRoundTheEndpointsWhereTheLastOneStopped() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(endpoint(receiver(), "[\"customer.created\"]").text("id"));
        }
        worker.pause();
        insertEvents(2);
        repository.dispatch(10_000, Instant.now());
        List<UUID> inIdOrder = TenantScope.call(TenantId.of(tenant.id()), () -> jdbc.sql(
                "SELECT id FROM webhook_endpoints WHERE id = ANY (string_to_array(:ids, ',')::uuid[]) ORDER BY id")
                .param("ids", String.join(",", ids)).query(UUID.class).list());

        var afterFirst = repository.claim(1, Instant.now(), Duration.ofSeconds(30), perEndpoint(1, IdCounts.of(Map.of())),
                inIdOrder.get(0));
        var afterSecond = repository.claim(1, Instant.now(), Duration.ofSeconds(30), perEndpoint(1, IdCounts.of(Map.of())),
                afterFirst.resumeAfter());

        assertThat(afterFirst.deliveries()).singleElement().extracting(WebhookRepository.Claimed::endpointId)
                .isEqualTo(inIdOrder.get(1));
        assertThat(afterFirst.resumeAfter()).isEqualTo(inIdOrder.get(1));
        assertThat(afterSecond.deliveries()).singleElement().extracting(WebhookRepository.Claimed::endpointId)
                .isEqualTo(inIdOrder.get(2));
    }

    @Test
    void anEndpointIsDeletedWhileAResultOfItsIsBeingRecorded() throws Exception {
        String endpoint = endpoint(receiver(), "[\"customer.created\"]").text("id");
        worker.pause();
        insertEvents(1);
        repository.dispatch(10_000, Instant.now());
        UUID endpointId = UUID.fromString(endpoint);
        CountDownLatch deliveryLocked = new CountDownLatch(1);
        // as recording a failure does: the delivery's row first, then the endpoint's (for its failing streak)
        CompletableFuture<Void> recorder = CompletableFuture.runAsync(() -> TenantScope.run(TenantId.of(tenant.id()),
                () -> transactions.executeWithoutResult(tx -> {
                    jdbc.sql("UPDATE webhook_deliveries SET updated_at = now() WHERE endpoint_id = :id")
                            .param("id", endpointId).update();
                    deliveryLocked.countDown();
                    sleep(Duration.ofMillis(500)); // the delete below is waiting by now
                    jdbc.sql("SELECT id FROM webhook_endpoints WHERE id = :id FOR UPDATE").param("id", endpointId)
                            .query(UUID.class).optional();
                })));
        assertThat(deliveryLocked.await(10, TimeUnit.SECONDS)).isTrue();

        admin.delete("/v1/webhook-endpoints/" + endpoint).assertStatus(204);

        recorder.get(10, TimeUnit.SECONDS);
        admin.get("/v1/webhook-endpoints/" + endpoint).assertStatus(404);
    }

    /**
     * Another transaction of the tenant locks the endpoint's row for a while, as a PATCH or another node recording
     * its streak would; answers once the row is locked, with the transaction's end.
     */
    private CompletableFuture<Void> holdEndpointRow(UUID tenantId, UUID endpoint, Duration howLong)
            throws InterruptedException {
        CountDownLatch locked = new CountDownLatch(1);
        CompletableFuture<Void> holder = CompletableFuture.runAsync(() -> TenantScope.run(TenantId.of(tenantId),
                () -> transactions.executeWithoutResult(tx -> {
                    jdbc.sql("SELECT id FROM webhook_endpoints WHERE id = :id FOR UPDATE").param("id", endpoint)
                            .query(UUID.class).single();
                    locked.countDown();
                    sleep(howLong);
                })), Thread::startVirtualThread);
        assertThat(locked.await(10, TimeUnit.SECONDS)).isTrue();
        return holder;
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTestEventGoesToThatEndpointOnly() {
        Receiver target = receiver();
        Receiver bystander = receiver();
        String endpoint = endpoint(target, "[\"customer.created\"]").text("id");
        endpoint(bystander, "[\"*\"]");

        admin.post("/v1/webhook-endpoints/" + endpoint + "/test").assertStatus(202);

        await().atMost(WAIT).until(() -> types(target).contains("webhook.test"));
        assertThat(types(bystander)).doesNotContain("webhook.test");
    }

    @Test
    void aRotatedSecretSignsAlongsideTheOldOne() {
        Receiver receiver = receiver();
        var created = endpoint(receiver, "[\"customer.created\"]");
        String old = created.text("secret");
        String rotated = admin.post("/v1/webhook-endpoints/" + created.text("id") + "/rotate-secret").assertStatus(200)
                .text("secret");
        assertThat(rotated).startsWith("whsec_").isNotEqualTo(old);

        admin.post("/v1/customers", "{\"name\": \"Rotated\"}").assertStatus(201);

        Receiver.Received delivery = awaitOne(receiver);
        assertThat(delivery.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verify(rotated, delivery)).isTrue();
        assertThat(verify(old, delivery)).isTrue();
    }

    @Test
    void aSecretRotatedAfterDeliveriesSignsTheNextOnes() {
        Receiver receiver = receiver();
        var created = endpoint(receiver, "[\"customer.created\"]");
        String old = created.text("secret");
        admin.post("/v1/customers", "{\"name\": \"Before\"}").assertStatus(201);
        assertThat(verify(old, awaitOne(receiver))).isTrue();

        String rotated = admin.post("/v1/webhook-endpoints/" + created.text("id") + "/rotate-secret").assertStatus(200)
                .text("secret");
        admin.post("/v1/customers", "{\"name\": \"After\"}").assertStatus(201);

        await().atMost(WAIT).until(() -> receiver.received().size() == 2);
        Receiver.Received after = receiver.received().get(1);
        assertThat(after.body()).contains("After");
        assertThat(verify(rotated, after)).isTrue();
        assertThat(verify(old, after)).isTrue();
    }

    @Test
    void endpointsAreValidated() {
        admin.post("/v1/webhook-endpoints", "{\"url\": \"ftp://example.com/x\", \"events\": [\"*\"]}")
                .assertProblem(422, "validation_error");
        var events = admin.post("/v1/webhook-endpoints", "{\"url\": \"https://example.com/x\", \"events\": [\"ticket.*\", \"nope\"]}")
                .assertProblem(422, "validation_error");
        assertThat(events.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/events/1");
        var writer = api().as(admin.post("/v1/api-keys", "{\"name\": \"w\", \"scope\": \"write\"}").text("key"));
        writer.get("/v1/webhook-endpoints").assertProblem(403, "forbidden");
        admin.get("/v1/events?type=nothing.happened").assertProblem(422, "validation_error");
    }

    @Test
    void eventsAreListedByTypeAndTime() {
        Instant before = Instant.now().minusSeconds(1);
        String customer = admin.post("/v1/customers", "{\"name\": \"Listed\"}").text("id");
        admin.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\"}".formatted(customer))
                .assertStatus(201);

        JsonNode created = admin.get("/v1/events?type=ticket.created").assertStatus(200).json().get("data");
        assertThat(created).hasSize(1);
        assertThat(created.get(0).get("sequence").asLong()).isEqualTo(1);
        assertThat(admin.get("/v1/events?since=" + before).json().get("data")).hasSize(2);
        assertThat(admin.get("/v1/events?since=" + Instant.now().plusSeconds(60)).json().get("data")).isEmpty();
    }

    private static WebhookRepository.Limits perEndpoint(int limit, IdCounts inFlight) {
        return new WebhookRepository.Limits(limit, inFlight, 100_000, IdCounts.of(Map.of()));
    }

    /** Committed customer.created events of the test's tenant, as a burst of requests would leave them. */
    private void insertEvents(int count) {
        TenantScope.run(TenantId.of(tenant.id()), () -> jdbc.sql("""
                INSERT INTO outbox_events (tenant_id, id, type, resource_type, resource_id, sequence, payload, created_at)
                SELECT :tenant, 'evt_' || replace(gen_random_uuid()::text, '-', ''), 'customer.created', 'customer',
                       gen_random_uuid(), 1, '{}'::jsonb, now()
                FROM generate_series(1, :count)
                """).param("tenant", tenant.id()).param("count", count).update());
    }

    private String failingSince(String endpoint) {
        JsonNode since = admin.get("/v1/webhook-endpoints/" + endpoint).assertStatus(200).json().get("failing_since");
        return since == null || since.isNull() ? null : since.asString();
    }

    private Receiver receiver() {
        Receiver receiver = new Receiver();
        receivers.add(receiver);
        return receiver;
    }

    private Api.Response endpoint(Receiver receiver, String events) {
        return admin.post("/v1/webhook-endpoints", "{\"url\": \"%s\", \"events\": %s}"
                .formatted(receiver.url("/hooks"), events)).assertStatus(201);
    }

    private JsonNode deliveries(String endpoint) {
        return admin.get("/v1/webhook-endpoints/" + endpoint + "/deliveries").assertStatus(200).json().get("data");
    }

    private List<String> types(Receiver receiver) {
        return receiver.received().stream().map(r -> json.readTree(r.body()).get("type").asString()).toList();
    }

    private static Receiver.Received awaitOne(Receiver receiver) {
        await().atMost(WAIT).until(() -> !receiver.received().isEmpty());
        return receiver.received().getFirst();
    }

    /** The receiver's side, written from the specification rather than with the platform's signer. */
    private static boolean verify(String secret, Receiver.Received delivery) {
        try {
            String content = delivery.header("webhook-id") + "." + delivery.header("webhook-timestamp") + "."
                    + delivery.body();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            String expected = "v1," + Base64.getEncoder().encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
            long age = Math.abs(Instant.now().getEpochSecond() - Long.parseLong(delivery.header("webhook-timestamp")));
            return age < 300 && List.of(delivery.header("webhook-signature").split(" ")).contains(expected);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String otherSecret() {
        return "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
    }
}
