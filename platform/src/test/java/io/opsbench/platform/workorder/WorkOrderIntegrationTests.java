package io.opsbench.platform.workorder;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WorkOrderIntegrationTests extends IntegrationTest {

    private static final Instant START = Instant.parse("2030-03-01T09:00:00Z");
    private static final Instant END = Instant.parse("2030-03-01T11:00:00Z");

    private Api.Client admin;
    private String customer;
    private String technician;

    @BeforeEach
    void shop() {
        admin = newTenant("pro").admin();
        customer = admin.post("/v1/customers", "{\"name\": \"Hotel Astoria\"}").assertStatus(201).text("id");
        technician = admin.post("/v1/technicians", "{\"name\": \"Ada\", \"skills\": [\"hvac\", \"electrical\"]}")
                .assertStatus(201).text("id");
    }

    @Test
    void aWorkOrderGoesFromUnscheduledToSignedOff() {
        var created = create("{\"customer_id\": \"%s\", \"description\": \"Boiler service\"}".formatted(customer));
        assertThat(created.text("status")).isEqualTo("unscheduled");
        assertThat(created.text("number")).matches("WO-\\d{6}");
        String id = created.text("id");

        move(id, "scheduled").assertProblem(422, "validation_error");
        admin.patch("/v1/work-orders/" + id, "{\"scheduled_start\": \"%s\", \"scheduled_end\": \"%s\"}"
                .formatted(START, END)).assertStatus(200);
        move(id, "scheduled").assertStatus(200);
        move(id, "dispatched").assertProblem(422, "validation_error");
        var assigned = admin.post("/v1/work-orders/" + id + "/assign", "{\"technician_id\": \"%s\"}".formatted(technician))
                .assertStatus(200);
        assertThat(assigned.text("technician_id")).isEqualTo(technician);
        move(id, "dispatched").assertStatus(200);
        move(id, "in_progress").assertStatus(200);
        admin.post("/v1/work-orders/" + id + "/assign", "{\"technician_id\": \"%s\"}".formatted(technician))
                .assertProblem(409, "invalid_transition");
        move(id, "on_hold").assertStatus(200);
        move(id, "in_progress").assertStatus(200);
        move(id, "completed").assertProblem(422, "validation_error");
        var done = admin.post("/v1/work-orders/" + id + "/transitions",
                "{\"to\": \"completed\", \"signature_name\": \"J. Doe\"}").assertStatus(200);

        assertThat(done.text("signature_name")).isEqualTo("J. Doe");
        assertThat(done.text("signed_at")).isNotNull();
        assertThat(done.json().get("available_transitions")).isEmpty();
        var history = admin.get("/v1/work-orders/" + id + "/history").assertStatus(200).json().get("data");
        assertThat(history.valueStream().map(h -> h.get("to").asString()).toList()).containsExactly(
                "unscheduled", "scheduled", "dispatched", "in_progress", "on_hold", "in_progress", "completed");
    }

    @Test
    void everyStateRefusesTheMovesItsTableDoesNotAllow() {
        Map<String, List<String>> allowed = Map.of(
                "unscheduled", List.of("scheduled", "cancelled"),
                "scheduled", List.of("dispatched", "cancelled"),
                "dispatched", List.of("in_progress", "cancelled"),
                "in_progress", List.of("on_hold", "completed", "cancelled"),
                "on_hold", List.of("in_progress", "cancelled"),
                "completed", List.of(),
                "cancelled", List.of());
        for (var state : allowed.entrySet()) {
            String id = workOrderIn(state.getKey());
            for (String target : List.of("unscheduled", "scheduled", "dispatched", "in_progress", "on_hold",
                    "completed", "cancelled")) {
                if (state.getValue().contains(target)) {
                    continue;
                }
                var refused = move(id, target).assertProblem(409, "invalid_transition");
                assertThat(refused.json().get("allowed_transitions").valueStream().map(JsonNode::asString).toList())
                        .as("%s → %s", state.getKey(), target).containsExactlyElementsOf(state.getValue());
            }
        }
    }

    @Test
    void aScheduleAtCreationStartsScheduledAndItsEndMustFollowItsStart() {
        var scheduled = create("{\"customer_id\": \"%s\", \"description\": \"Install\", \"scheduled_start\": \"%s\", \"scheduled_end\": \"%s\"}"
                .formatted(customer, START, END));
        assertThat(scheduled.text("status")).isEqualTo("scheduled");

        var backwards = admin.post("/v1/work-orders", "{\"customer_id\": \"%s\", \"description\": \"x\", \"scheduled_start\": \"%s\", \"scheduled_end\": \"%s\"}"
                .formatted(customer, END, START)).assertProblem(422, "validation_error");
        assertThat(backwards.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/scheduled_end");
    }

    @Test
    void listsFilterByStatusTechnicianScheduleAndSla() {
        String late = create("{\"customer_id\": \"%s\", \"description\": \"Late\", \"sla_due_at\": \"%s\"}"
                .formatted(customer, Instant.now().minus(1, ChronoUnit.HOURS))).text("id");
        String onTime = create("{\"customer_id\": \"%s\", \"description\": \"On time\", \"sla_due_at\": \"%s\", \"scheduled_start\": \"%s\", \"scheduled_end\": \"%s\"}"
                .formatted(customer, Instant.now().plus(2, ChronoUnit.DAYS), START, END)).text("id");
        admin.post("/v1/work-orders/" + onTime + "/assign", "{\"technician_id\": \"%s\"}".formatted(technician))
                .assertStatus(200);

        assertThat(ids("/v1/work-orders?sla_breached=true")).containsExactly(late);
        assertThat(ids("/v1/work-orders?sla_breached=false")).containsExactly(onTime);
        assertThat(ids("/v1/work-orders?technician_id=" + technician)).containsExactly(onTime);
        assertThat(ids("/v1/work-orders?status=unscheduled")).containsExactly(late);
        assertThat(ids("/v1/work-orders?scheduled_from=2030-03-01T00:00:00Z&scheduled_to=2030-03-02T00:00:00Z"))
                .containsExactly(onTime);
        assertThat(admin.get("/v1/work-orders/" + late).json().get("sla_breached").asBoolean()).isTrue();
    }

    @Test
    void partsBookedOnAJobComeOutOfStock() {
        String id = create("{\"customer_id\": \"%s\", \"description\": \"Pump swap\"}".formatted(customer)).text("id");
        String location = admin.post("/v1/inventory/locations", "{\"name\": \"Van\", \"kind\": \"van\"}").text("id");
        String part = admin.post("/v1/inventory/parts", "{\"sku\": \"PMP-1\", \"name\": \"Pump\"}").text("id");
        admin.post("/v1/inventory/movements", "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"type\": \"receive\", \"quantity\": 2, \"unit_cost\": 5000}"
                .formatted(part, location)).assertStatus(201);

        var booked = admin.post("/v1/work-orders/" + id + "/parts", "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"quantity\": 1}"
                .formatted(part, location)).assertStatus(201);

        assertThat(booked.text("type")).isEqualTo("consume");
        assertThat(booked.text("reference")).startsWith("work_order:WO-");
        assertThat(admin.get("/v1/inventory/parts/" + part).json().get("on_hand").decimalValue()).isEqualByComparingTo("1");
        admin.post("/v1/work-orders/" + id + "/parts", "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"quantity\": 5}"
                .formatted(part, location)).assertProblem(409, "insufficient_stock");
    }

    @Test
    void inactiveTechniciansAndForeignReferencesAreRefused() {
        String id = create("{\"customer_id\": \"%s\", \"description\": \"x\"}".formatted(customer)).text("id");
        admin.patch("/v1/technicians/" + technician, "{\"active\": false}").assertStatus(200);

        admin.post("/v1/work-orders/" + id + "/assign", "{\"technician_id\": \"%s\"}".formatted(technician))
                .assertProblem(422, "validation_error");
        admin.post("/v1/work-orders", "{\"customer_id\": \"0198a000-0000-7000-8000-000000000000\", \"description\": \"x\"}")
                .assertProblem(404, "not_found");
        assertThat(admin.get("/v1/technicians?active=false").raw()).contains(technician);
        assertThat(admin.get("/v1/technicians?skill=hvac").raw()).contains(technician);
    }

    @Test
    void aCustomerWithOpenWorkOrdersCannotBeDeleted() {
        String id = create("{\"customer_id\": \"%s\", \"description\": \"x\"}".formatted(customer)).text("id");

        admin.delete("/v1/customers/" + customer).assertProblem(409, "resource_in_use");
        move(id, "cancelled").assertStatus(200);
        admin.delete("/v1/customers/" + customer).assertStatus(204);
    }

    private Api.Response create(String body) {
        return admin.post("/v1/work-orders", body).assertStatus(201);
    }

    private Api.Response move(String id, String to) {
        return admin.post("/v1/work-orders/" + id + "/transitions", "{\"to\": \"%s\"}".formatted(to));
    }

    private List<String> ids(String path) {
        return admin.get(path).assertStatus(200).json().get("data").valueStream().map(w -> w.get("id").asString())
                .toList();
    }

    private String workOrderIn(String status) {
        String id = create("{\"customer_id\": \"%s\", \"description\": \"x\", \"scheduled_start\": \"%s\", \"scheduled_end\": \"%s\"}"
                .formatted(customer, START, END)).text("id");
        admin.post("/v1/work-orders/" + id + "/assign", "{\"technician_id\": \"%s\"}".formatted(technician)).assertStatus(200);
        List<String> path = switch (status) {
            case "unscheduled" -> null;
            case "scheduled" -> List.of();
            case "dispatched" -> List.of("dispatched");
            case "in_progress" -> List.of("dispatched", "in_progress");
            case "on_hold" -> List.of("dispatched", "in_progress", "on_hold");
            case "completed" -> List.of("dispatched", "in_progress", "completed");
            case "cancelled" -> List.of("cancelled");
            default -> throw new IllegalArgumentException(status);
        };
        if (path == null) {
            return create("{\"customer_id\": \"%s\", \"description\": \"x\"}".formatted(customer)).text("id");
        }
        for (String step : path) {
            String body = step.equals("completed") ? "{\"to\": \"completed\", \"signature_name\": \"X\"}"
                    : "{\"to\": \"%s\"}".formatted(step);
            admin.post("/v1/work-orders/" + id + "/transitions", body).assertStatus(200);
        }
        return id;
    }
}
