package io.opsbench.platform.ticket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

class TicketIntegrationTests extends IntegrationTest {

    /** The table, written out independently of {@link TicketStatus#next()}. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            "new", List.of("diagnosing", "cancelled"),
            "diagnosing", List.of("awaiting_approval", "in_repair", "cancelled"),
            "awaiting_approval", List.of("approved", "diagnosing", "cancelled"),
            "approved", List.of("in_repair", "cancelled"),
            "in_repair", List.of("on_hold", "ready", "cancelled"),
            "on_hold", List.of("in_repair", "cancelled"),
            "ready", List.of("closed", "in_repair"),
            "closed", List.of(),
            "cancelled", List.of());

    /** A shortest way from new to each state, through allowed moves only. */
    private static final Map<String, List<String>> PATH = Map.of(
            "new", List.of(),
            "diagnosing", List.of("diagnosing"),
            "awaiting_approval", List.of("diagnosing", "awaiting_approval"),
            "approved", List.of("diagnosing", "awaiting_approval", "approved"),
            "in_repair", List.of("diagnosing", "in_repair"),
            "on_hold", List.of("diagnosing", "in_repair", "on_hold"),
            "ready", List.of("diagnosing", "in_repair", "ready"),
            "closed", List.of("diagnosing", "in_repair", "ready", "closed"),
            "cancelled", List.of("cancelled"));

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    Tickets tickets;

    @Autowired
    DomainEvents domainEvents;

    @Test
    void everyAllowedMoveSucceedsAndEveryOtherIsRefusedWithTheAllowedOnes() {
        // Over 300 requests in a few seconds: more than a pro key's rate limit allows.
        TestTenant tenant = newTenant("enterprise");
        Api.Client shop = tenant.admin();
        String customer = customer(shop);
        for (var state : ALLOWED.entrySet()) {
            for (String target : ALLOWED.keySet()) {
                String ticket = ticketIn(shop, customer, state.getKey());
                var answer = shop.post("/v1/tickets/%s/transitions".formatted(ticket), "{\"to\": \"%s\"}".formatted(target));
                if (state.getValue().contains(target)) {
                    answer.assertStatus(200);
                    assertThat(answer.text("status")).isEqualTo(target);
                    assertThat(strings(answer.json().get("available_transitions"))).isEqualTo(ALLOWED.get(target));
                } else {
                    answer.assertProblem(409, "invalid_transition");
                    assertThat(strings(answer.json().get("allowed_transitions")))
                            .as("%s -> %s", state.getKey(), target).isEqualTo(state.getValue());
                    assertThat(shop.get("/v1/tickets/" + ticket).text("status")).isEqualTo(state.getKey());
                }
            }
        }
    }

    @Test
    void numbersPastSixDigitsKeepEveryDigit() {
        TestTenant tenant = newTenant("pro");
        Api.Client shop = tenant.admin();
        String customer = customer(shop);
        TenantScope.run(TenantId.of(tenant.id()), () -> transactions.executeWithoutResult(tx -> jdbc.sql("""
                INSERT INTO tenant_counters (tenant_id, name, value) VALUES (:tenant, 'tickets', 999998)
                """).param("tenant", tenant.id()).update()));

        List<String> got = List.of(
                shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"a\"}".formatted(customer))
                        .assertStatus(201).text("number"),
                shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"b\"}".formatted(customer))
                        .assertStatus(201).text("number"));

        assertThat(got).containsExactly("T-999999", "T-1000000");
    }

    @Test
    void parallelCreatesGetDistinctConsecutiveNumbers() throws Exception {
        Api.Client shop = newTenant("pro").admin();
        String customer = customer(shop);
        List<Future<String>> numbers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                numbers.add(threads.submit(() -> shop.post("/v1/tickets",
                        "{\"customer_id\": \"%s\", \"issue_description\": \"parallel\"}".formatted(customer))
                        .assertStatus(201).text("number")));
            }
        }
        List<String> got = new ArrayList<>();
        for (Future<String> number : numbers) {
            got.add(number.get());
        }

        assertThat(got).containsExactlyInAnyOrderElementsOf(
                IntStream.rangeClosed(1, 20).mapToObj("T-%06d"::formatted).toList());
        // Another tenant counts on its own.
        Api.Client other = newTenant("pro").admin();
        assertThat(other.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\"}"
                .formatted(customer(other))).text("number")).isEqualTo("T-000001");
    }

    @Test
    void parallelMovesFromOneStateApplyOnceAndTheRestAreRefused() throws Exception {
        TestTenant tenant = newTenant("pro");
        Api.Client shop = tenant.admin();
        String ticket = ticketIn(shop, customer(shop), "new");
        List<Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 10; i++) {
                answers.add(threads.submit(() -> shop.post("/v1/tickets/%s/transitions".formatted(ticket),
                        "{\"to\": \"diagnosing\"}").status()));
            }
        }
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> answer : answers) {
            statuses.add(answer.get());
        }

        assertThat(statuses).filteredOn(status -> status == 200).hasSize(1);
        assertThat(statuses).filteredOn(status -> status == 409).hasSize(9);
        assertThat(shop.get("/v1/tickets/%s/history".formatted(ticket)).json().get("data")).hasSize(2);
        assertThat(eventTypes(tenant, UUID.fromString(ticket))).containsExactly("ticket.created", "ticket.transitioned");
    }

    @Test
    void historyListsEveryMoveWithNoteActorAndTime() {
        TestTenant tenant = newTenant("pro");
        Api.Client shop = tenant.admin();
        String keyId = shop.get("/v1/api-keys").json().get("data").get(0).get("id").asString();
        String ticket = shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"cracked screen\"}"
                .formatted(customer(shop))).text("id");
        shop.post("/v1/tickets/%s/transitions".formatted(ticket), "{\"to\": \"diagnosing\", \"note\": \"on the bench\"}")
                .assertStatus(200);
        shop.post("/v1/tickets/%s/transitions".formatted(ticket), "{\"to\": \"in_repair\"}").assertStatus(200);
        shop.post("/v1/tickets/%s/transitions".formatted(ticket), "{\"to\": \"closed\"}")
                .assertProblem(409, "invalid_transition");

        JsonNode first = shop.get("/v1/tickets/%s/history?limit=2".formatted(ticket)).assertStatus(200).json();
        JsonNode rest = shop.get("/v1/tickets/%s/history?limit=2&cursor=%s".formatted(ticket,
                first.get("next_cursor").asString())).assertStatus(200).json();
        List<JsonNode> lines = new ArrayList<>();
        first.get("data").forEach(lines::add);
        rest.get("data").forEach(lines::add);

        assertThat(rest.get("next_cursor").isNull()).isTrue();
        assertThat(lines).extracting(line -> line.get("from").isNull() ? null : line.get("from").asString())
                .containsExactly(null, "new", "diagnosing");
        assertThat(lines).extracting(line -> line.get("to").asString())
                .containsExactly("new", "diagnosing", "in_repair");
        assertThat(lines.get(1).get("note").asString()).isEqualTo("on the bench");
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.get("actor_key_id").asString()).isEqualTo(keyId);
            assertThat(line.get("created_at").asString()).endsWith("Z");
        });
    }

    @Test
    void anAssetMustBelongToTheTicketsCustomerAndForeignReferencesAreNotFound() {
        Api.Client shop = newTenant("pro").admin();
        String ada = customer(shop);
        String bob = customer(shop);
        String bobsPhone = shop.post("/v1/assets", "{\"customer_id\": \"%s\"}".formatted(bob)).text("id");

        var mismatch = shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"asset_id\": \"%s\", \"issue_description\": \"x\"}"
                .formatted(ada, bobsPhone)).assertProblem(422, "validation_error");
        assertThat(mismatch.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/asset_id");

        var ok = shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"asset_id\": \"%s\", \"issue_description\": \"x\"}"
                .formatted(bob, bobsPhone)).assertStatus(201);
        assertThat(ok.text("asset_id")).isEqualTo(bobsPhone);
        assertThat(ok.text("priority")).isEqualTo("normal");
        assertThat(ok.text("status")).isEqualTo("new");
        shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\"}".formatted(UUID.randomUUID()))
                .assertProblem(404, "not_found");
        shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"asset_id\": \"%s\", \"issue_description\": \"x\"}"
                .formatted(ada, UUID.randomUUID())).assertProblem(404, "not_found");
    }

    @Test
    void invalidBodiesNameEachField() {
        Api.Client shop = newTenant("pro").admin();
        var missing = shop.post("/v1/tickets", "{\"issue_description\": \" \"}").assertProblem(422, "validation_error");
        assertThat(pointers(missing.json())).containsExactlyInAnyOrder("/customer_id", "/issue_description");
        var priority = shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\", \"priority\": \"asap\"}"
                .formatted(customer(shop))).assertProblem(422, "validation_error");
        assertThat(pointers(priority.json())).containsExactly("/priority");
        String ticket = ticketIn(shop, customer(shop), "new");
        var to = shop.post("/v1/tickets/%s/transitions".formatted(ticket), "{\"to\": \"done\"}")
                .assertProblem(422, "validation_error");
        assertThat(pointers(to.json())).containsExactly("/to");
        shop.get("/v1/tickets?status=done").assertProblem(422, "validation_error");
        var technician = shop.get("/v1/tickets?technician_id=not-a-uuid").assertProblem(422, "validation_error");
        assertThat(technician.json().get("errors").get(0).get("parameter").asString()).isEqualTo("technician_id");
    }

    @Test
    void aTicketNamesItsTechnicianAndListsFilterByIt() {
        Api.Client shop = newTenant("pro").admin();
        String customer = customer(shop);
        String ada = shop.post("/v1/technicians", "{\"name\": \"Ada\"}").assertStatus(201).text("id");
        String bob = shop.post("/v1/technicians", "{\"name\": \"Bob\", \"active\": false}").assertStatus(201).text("id");

        String assigned = shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\", \"technician_id\": \"%s\"}"
                .formatted(customer, ada)).assertStatus(201).text("id");
        shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"y\"}".formatted(customer))
                .assertStatus(201);

        var listed = shop.get("/v1/tickets?technician_id=" + ada).assertStatus(200).json().get("data");
        assertThat(listed.valueStream().map(t -> t.get("id").asString()).toList()).containsExactly(assigned);
        assertThat(shop.get("/v1/tickets/" + assigned).text("technician_id")).isEqualTo(ada);
        var inactive = shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"z\", \"technician_id\": \"%s\"}"
                .formatted(customer, bob)).assertProblem(422, "validation_error");
        assertThat(pointers(inactive.json())).containsExactly("/technician_id");
        shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"z\", \"technician_id\": \"%s\"}"
                .formatted(customer, UUID.randomUUID())).assertProblem(404, "not_found");
    }

    @Test
    void listsFilterByStatusCustomerAndPriorityAndPageWithinTheFilter() {
        Api.Client shop = newTenant("pro").admin();
        String ada = customer(shop);
        String bob = customer(shop);
        List<String> adasUrgent = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            adasUrgent.add(shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"u\", \"priority\": \"urgent\"}"
                    .formatted(ada)).text("id"));
            shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"n\"}".formatted(ada));
            shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"u\", \"priority\": \"urgent\"}"
                    .formatted(bob));
        }
        shop.post("/v1/tickets/%s/transitions".formatted(adasUrgent.get(1)), "{\"to\": \"diagnosing\"}").assertStatus(200);

        String filter = "customer_id=%s&priority=urgent".formatted(ada);
        var page1 = shop.get("/v1/tickets?limit=2&" + filter).assertStatus(200);
        var page2 = shop.get("/v1/tickets?limit=2&%s&cursor=%s".formatted(filter, page1.text("next_cursor")))
                .assertStatus(200);
        List<String> seen = new ArrayList<>(ids(page1.json()));
        seen.addAll(ids(page2.json()));

        assertThat(seen).containsExactlyElementsOf(adasUrgent);
        assertThat(page2.text("next_cursor")).isNull();
        assertThat(ids(shop.get("/v1/tickets?status=diagnosing").json())).containsExactly(adasUrgent.get(1));
        assertThat(ids(shop.get("/v1/tickets?status=new&" + filter).json()))
                .containsExactly(adasUrgent.get(0), adasUrgent.get(2));
    }

    @Test
    void aCustomerWithAnOpenTicketCannotBeDeletedOneWithOnlyClosedOnesCan() {
        TestTenant tenant = newTenant("pro");
        Api.Client shop = tenant.admin();
        String customer = customer(shop);
        String asset = shop.post("/v1/assets", "{\"customer_id\": \"%s\"}".formatted(customer)).text("id");
        String closed = ticketIn(shop, customer, "closed");
        String open = ticketIn(shop, customer, "on_hold");

        var refused = shop.delete("/v1/customers/" + customer).assertProblem(409, "resource_in_use");
        assertThat(refused.json().get("open_tickets").asInt()).isEqualTo(1);
        shop.get("/v1/customers/" + customer).assertStatus(200);

        shop.post("/v1/tickets/%s/transitions".formatted(open), "{\"to\": \"cancelled\"}").assertStatus(200);
        shop.delete("/v1/customers/" + customer).assertStatus(204);

        shop.get("/v1/tickets/" + closed).assertProblem(404, "not_found");
        shop.get("/v1/assets/" + asset).assertProblem(404, "not_found");
        assertThat(eventTypes(tenant, UUID.fromString(customer)))
                .containsExactly("customer.created", "customer.deleted");
    }

    @Test
    void eventsAreWrittenWithTheChangeInOrderPerResource() {
        TestTenant tenant = newTenant("pro");
        Api.Client shop = tenant.admin();
        String customer = customer(shop);
        String ticket = ticketIn(shop, customer, "in_repair");

        assertThat(eventTypes(tenant, UUID.fromString(customer))).containsExactly("customer.created");
        List<JsonNode> events = events(tenant, UUID.fromString(ticket));
        assertThat(events).extracting(e -> e.get("type").asString())
                .containsExactly("ticket.created", "ticket.transitioned", "ticket.transitioned");
        assertThat(events).extracting(e -> e.get("sequence").asLong()).containsExactly(1L, 2L, 3L);
        JsonNode last = events.getLast().get("payload");
        assertThat(last.get("previous_status").asString()).isEqualTo("diagnosing");
        assertThat(last.get("ticket").get("status").asString()).isEqualTo("in_repair");
        assertThat(last.get("ticket").get("number").asString()).isEqualTo("T-000001");
        assertThat(last.get("ticket").get("customer_id").asString()).isEqualTo(customer);
        assertThat(events.getFirst().get("id").asString()).startsWith("evt_");
    }

    @Test
    void aTransitionRolledBackAfterWritingLeavesNoEventAndNoHistory() {
        TestTenant tenant = newTenant("pro");
        Api.Client shop = tenant.admin();
        String keyId = shop.get("/v1/api-keys").json().get("data").get(0).get("id").asString();
        UUID ticket = UUID.fromString(ticketIn(shop, customer(shop), "new"));

        TenantScope.run(TenantId.of(tenant.id()), () -> transactions.executeWithoutResult(tx -> {
            tickets.transition(ticket, TicketStatus.DIAGNOSING, "rolled back", UUID.fromString(keyId));
            // Written, visible inside the transaction...
            assertThat(jdbc.sql("SELECT count(*) FROM outbox_events WHERE resource_id = :id")
                    .param("id", ticket).query(Long.class).single()).isEqualTo(2);
            // ...and then the transaction fails.
            tx.setRollbackOnly();
        }));

        assertThat(eventTypes(tenant, ticket)).containsExactly("ticket.created");
        assertThat(shop.get("/v1/tickets/" + ticket).text("status")).isEqualTo("new");
        assertThat(shop.get("/v1/tickets/%s/history".formatted(ticket)).json().get("data")).hasSize(1);
    }

    @Test
    void eventsCannotBeRecordedOutsideATransaction() {
        TestTenant tenant = newTenant("pro");

        assertThatThrownBy(() -> TenantScope.run(TenantId.of(tenant.id()),
                () -> domainEvents.record("ticket.created", "ticket", UUID.randomUUID(), Map.of())))
                .isInstanceOf(IllegalStateException.class);
    }

    private List<String> eventTypes(TestTenant tenant, UUID resource) {
        return events(tenant, resource).stream().map(e -> e.get("type").asString()).toList();
    }

    private List<JsonNode> events(TestTenant tenant, UUID resource) {
        return TenantScope.call(TenantId.of(tenant.id()), () -> transactions.execute(tx -> jdbc.sql("""
                        SELECT json_build_object('id', id, 'type', type, 'sequence', sequence, 'payload', payload)
                        FROM outbox_events WHERE resource_id = :id ORDER BY sequence
                        """).param("id", resource).query(String.class).list()))
                .stream().map(json::readTree).toList();
    }

    /** A ticket brought to {@code state} through allowed moves. */
    private static String ticketIn(Api.Client shop, String customer, String state) {
        String ticket = shop.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"Won't boot\"}"
                .formatted(customer)).assertStatus(201).text("id");
        for (String step : PATH.get(state)) {
            shop.post("/v1/tickets/%s/transitions".formatted(ticket), "{\"to\": \"%s\"}".formatted(step))
                    .assertStatus(200);
        }
        return ticket;
    }

    private static String customer(Api.Client shop) {
        return shop.post("/v1/customers", "{\"name\": \"Customer\"}").assertStatus(201).text("id");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asString()));
        return values;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(row -> ids.add(row.get("id").asString()));
        return ids;
    }

    private static List<String> pointers(JsonNode problem) {
        List<String> pointers = new ArrayList<>();
        problem.get("errors").forEach(error -> pointers.add(error.get("pointer").asString()));
        return pointers;
    }
}
