package io.opsbench.platform.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

class InventoryIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    private TestTenant shop;
    private Api.Client admin;
    private String warehouse;
    private String van;

    @BeforeEach
    void locations() {
        shop = newTenant("pro");
        admin = shop.admin();
        warehouse = admin.post("/v1/inventory/locations", "{\"name\": \"Main warehouse\"}").assertStatus(201).text("id");
        var created = admin.post("/v1/inventory/locations", "{\"name\": \"Van 1\", \"kind\": \"van\"}").assertStatus(201);
        assertThat(created.text("kind")).isEqualTo("van");
        van = created.text("id");
    }

    @Test
    void averageCostIsTheWeightedAverageOfReceiptsRoundedHalfUp() {
        String part = part("SCR-1", 0);
        move(part, warehouse, "receive", "3", ", \"unit_cost\": 101").assertStatus(201);
        move(part, van, "receive", "1", ", \"unit_cost\": 100").assertStatus(201);

        var stocked = admin.get("/v1/inventory/parts/" + part).assertStatus(200);

        // (3 × 101 + 1 × 100) / 4 = 100.75 → 101
        assertThat(stocked.json().get("average_cost").asLong()).isEqualTo(101);
        assertThat(stocked.json().get("on_hand").decimalValue()).isEqualByComparingTo("4");
        assertThat(stocked.json().get("by_location")).hasSize(2);

        move(part, warehouse, "receive", "4", ", \"unit_cost\": 50").assertStatus(201);
        // (403 + 200) / 8 = 75.375 → 75
        assertThat(admin.get("/v1/inventory/parts/" + part).json().get("average_cost").asLong()).isEqualTo(75);
    }

    @Test
    void parallelConsumersNeverDriveStockNegative() throws Exception {
        String part = part("BAT-1", 0);
        move(part, warehouse, "receive", "10", ", \"unit_cost\": 900").assertStatus(201);

        List<Integer> statuses = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Callable<Integer> consume = () -> move(part, warehouse, "consume", "1", "").status();
                calls.add(pool.submit(consume));
            }
            for (Future<Integer> call : calls) {
                statuses.add(call.get());
            }
        }

        assertThat(statuses).filteredOn(s -> s == 201).hasSize(10);
        assertThat(statuses).filteredOn(s -> s == 409).hasSize(20);
        var stocked = admin.get("/v1/inventory/parts/" + part).json();
        assertThat(stocked.get("on_hand").decimalValue()).isEqualByComparingTo("0");
    }

    @Test
    void transfersMoveStockAndRefuseMoreThanIsAvailable() {
        String part = part("FLT-1", 0);
        move(part, warehouse, "receive", "5", ", \"unit_cost\": 10").assertStatus(201);

        move(part, warehouse, "transfer", "2", ", \"to_location_id\": \"" + van + "\"").assertStatus(201);
        var refused = move(part, warehouse, "transfer", "4", ", \"to_location_id\": \"" + van + "\"")
                .assertProblem(409, "insufficient_stock");

        assertThat(refused.json().get("available").decimalValue()).isEqualByComparingTo("3");
        var byLocation = admin.get("/v1/inventory/parts/" + part).json().get("by_location");
        assertThat(byLocation.toString()).contains(van);
        assertThat(admin.get("/v1/inventory/parts/" + part).json().get("on_hand").decimalValue())
                .isEqualByComparingTo("5");
    }

    @Test
    void reservationsHoldStockBackUntilReleased() {
        String part = part("CAP-1", 0);
        move(part, warehouse, "receive", "4", ", \"unit_cost\": 10").assertStatus(201);
        move(part, warehouse, "reserve", "3", "").assertStatus(201);

        var stocked = admin.get("/v1/inventory/parts/" + part).json();
        assertThat(stocked.get("reserved").decimalValue()).isEqualByComparingTo("3");
        assertThat(stocked.get("available").decimalValue()).isEqualByComparingTo("1");
        move(part, warehouse, "consume", "2", "").assertProblem(409, "insufficient_stock");
        move(part, warehouse, "release", "4", "").assertProblem(409, "insufficient_stock");

        move(part, warehouse, "release", "3", "").assertStatus(201);
        move(part, warehouse, "consume", "2", "").assertStatus(201);
    }

    @Test
    void adjustmentsAreSignedAndNeedAReason() {
        String part = part("GAS-1", 0);
        move(part, warehouse, "adjust", "2.5", "").assertProblem(422, "validation_error");
        move(part, warehouse, "adjust", "2.5", ", \"reason\": \"found in stock count\"").assertStatus(201);
        move(part, warehouse, "adjust", "-1.25", ", \"reason\": \"damaged\"").assertStatus(201);
        move(part, warehouse, "adjust", "-5", ", \"reason\": \"lost\"").assertProblem(409, "insufficient_stock");

        assertThat(admin.get("/v1/inventory/parts/" + part).json().get("on_hand").decimalValue())
                .isEqualByComparingTo("1.25");
    }

    @Test
    void fallingBelowTheReorderPointRecordsOneLowStockEvent() {
        String part = part("ORD-1", 5);
        move(part, warehouse, "receive", "10", ", \"unit_cost\": 10").assertStatus(201);
        move(part, warehouse, "consume", "4", "").assertStatus(201);
        assertThat(lowStockEvents(part)).isZero();

        move(part, warehouse, "consume", "2", "").assertStatus(201);
        move(part, warehouse, "consume", "1", "").assertStatus(201);

        assertThat(lowStockEvents(part)).isEqualTo(1);
    }

    @Test
    void inputIsValidated() {
        String part = part("VAL-1", 0);
        var noCost = move(part, warehouse, "receive", "1", "").assertProblem(422, "validation_error");
        assertThat(noCost.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/unit_cost");
        var decimals = move(part, warehouse, "consume", "1.2345", "").assertProblem(422, "validation_error");
        assertThat(decimals.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/quantity");
        move(part, warehouse, "consume", "0", "").assertProblem(422, "validation_error");
        move(part, warehouse, "transfer", "1", "").assertProblem(422, "validation_error");
        move(part, warehouse, "teleport", "1", "").assertProblem(422, "validation_error");
        move(UUID.randomUUID().toString(), warehouse, "consume", "1", "").assertProblem(404, "not_found");
        admin.post("/v1/inventory/parts", "{\"sku\": \"VAL-1\", \"name\": \"Duplicate\"}").assertProblem(409, "conflict");
        var reader = api().as(admin.post("/v1/api-keys", "{\"name\": \"r\", \"scope\": \"read\"}").text("key"));
        reader.get("/v1/inventory/parts/" + part).assertStatus(200);
        reader.post("/v1/inventory/parts", "{\"sku\": \"R-1\", \"name\": \"x\"}").assertProblem(403, "forbidden");
    }

    @Test
    void movementsAreListedByPartAndLocation() {
        String part = part("LST-1", 0);
        String other = part("LST-2", 0);
        move(part, warehouse, "receive", "3", ", \"unit_cost\": 10").assertStatus(201);
        move(part, warehouse, "transfer", "1", ", \"to_location_id\": \"" + van + "\"").assertStatus(201);
        move(other, warehouse, "receive", "3", ", \"unit_cost\": 10").assertStatus(201);

        assertThat(admin.get("/v1/inventory/movements?part_id=" + part).json().get("data")).hasSize(2);
        assertThat(admin.get("/v1/inventory/movements?location_id=" + van).json().get("data")).hasSize(1);
        assertThat(admin.get("/v1/inventory/parts?sku=LST-2").json().get("data")).hasSize(1);
    }

    @Test
    void theLedgerIsAppendOnlyForTheApplication() {
        String part = part("APP-1", 0);
        String movement = move(part, warehouse, "receive", "1", ", \"unit_cost\": 10").text("id");

        assertThatThrownBy(() -> TenantScope.run(TenantId.of(shop.id()), () -> transactions.executeWithoutResult(tx ->
                jdbc.sql("UPDATE inventory_movements SET quantity = 100 WHERE id = :id")
                        .param("id", UUID.fromString(movement)).update())))
                .isInstanceOf(DataAccessException.class)
                .hasStackTraceContaining("permission denied");
    }

    private String part(String sku, int reorderPoint) {
        return admin.post("/v1/inventory/parts", "{\"sku\": \"%s\", \"name\": \"Part %s\", \"reorder_point\": %d}"
                .formatted(sku, sku, reorderPoint)).assertStatus(201).text("id");
    }

    private Api.Response move(String part, String location, String type, String quantity, String extra) {
        return admin.post("/v1/inventory/movements", "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"type\": \"%s\", \"quantity\": %s%s}"
                .formatted(part, location, type, quantity, extra));
    }

    private long lowStockEvents(String part) {
        return TenantScope.call(TenantId.of(shop.id()), () -> transactions.execute(tx -> jdbc.sql("""
                SELECT count(*) FROM outbox_events WHERE type = 'inventory.low_stock' AND resource_id = :part
                """).param("part", UUID.fromString(part)).query(Long.class).single()));
    }
}
