package io.opsbench.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.support.Marketplace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Tries every tenant endpoint the application registers with tenant B's key against tenant A's data.
 * The list of endpoints comes from Spring MVC itself, so a new endpoint without a probe here fails
 * this test until someone says how to aim it at another tenant's resource.
 */
class CrossTenantIntegrationTests extends IntegrationTest {

    /** Tenant A's resources that B will aim at. */
    record Victim(TestTenant tenant, String apiKeyId, String pluginId, String installationId, String customerId,
            String assetId, String ticketId, String locationId, String partId, String movementId, String technicianId,
            String workOrderId, String quoteId, String webhookEndpointId, String webhookDeliveryId) {

        List<String> ids() {
            return List.of(apiKeyId, installationId, customerId, assetId, ticketId, locationId, partId, movementId,
                    technicianId, workOrderId, quoteId, webhookEndpointId, webhookDeliveryId);
        }
    }

    /** For each path pattern with variables: the values that point at A's resource. */
    private static final Map<String, Function<Victim, Map<String, String>>> TARGETS = Map.ofEntries(
            Map.entry("/v1/api-keys/{id}", victim -> Map.of("id", victim.apiKeyId())),
            Map.entry("/v1/plugins/installations/{id}", victim -> Map.of("id", victim.installationId())),
            Map.entry("/v1/capabilities/{capability}", victim -> Map.of("capability", "sms")),
            Map.entry("/v1/customers/{id}", victim -> Map.of("id", victim.customerId())),
            Map.entry("/v1/assets/{id}", victim -> Map.of("id", victim.assetId())),
            Map.entry("/v1/tickets/{id}", victim -> Map.of("id", victim.ticketId())),
            Map.entry("/v1/tickets/{id}/transitions", victim -> Map.of("id", victim.ticketId())),
            Map.entry("/v1/tickets/{id}/history", victim -> Map.of("id", victim.ticketId())),
            Map.entry("/v1/inventory/locations/{id}", victim -> Map.of("id", victim.locationId())),
            Map.entry("/v1/inventory/parts/{id}", victim -> Map.of("id", victim.partId())),
            Map.entry("/v1/inventory/movements/{id}", victim -> Map.of("id", victim.movementId())),
            Map.entry("/v1/technicians/{id}", victim -> Map.of("id", victim.technicianId())),
            Map.entry("/v1/work-orders/{id}", victim -> Map.of("id", victim.workOrderId())),
            Map.entry("/v1/work-orders/{id}/assign", victim -> Map.of("id", victim.workOrderId())),
            Map.entry("/v1/work-orders/{id}/transitions", victim -> Map.of("id", victim.workOrderId())),
            Map.entry("/v1/work-orders/{id}/history", victim -> Map.of("id", victim.workOrderId())),
            Map.entry("/v1/work-orders/{id}/parts", victim -> Map.of("id", victim.workOrderId())),
            Map.entry("/v1/quotes/{id}", victim -> Map.of("id", victim.quoteId())),
            Map.entry("/v1/quotes/{id}/send", victim -> Map.of("id", victim.quoteId())),
            Map.entry("/v1/quotes/{id}/accept", victim -> Map.of("id", victim.quoteId())),
            Map.entry("/v1/quotes/{id}/decline", victim -> Map.of("id", victim.quoteId())),
            Map.entry("/v1/quotes/{id}/history", victim -> Map.of("id", victim.quoteId())),
            Map.entry("/v1/webhook-endpoints/{id}", victim -> Map.of("id", victim.webhookEndpointId())),
            Map.entry("/v1/webhook-endpoints/{id}/rotate-secret", victim -> Map.of("id", victim.webhookEndpointId())),
            Map.entry("/v1/webhook-endpoints/{id}/test", victim -> Map.of("id", victim.webhookEndpointId())),
            Map.entry("/v1/webhook-endpoints/{id}/deliveries", victim -> Map.of("id", victim.webhookEndpointId())),
            Map.entry("/v1/webhook-endpoints/{id}/recover", victim -> Map.of("id", victim.webhookEndpointId())),
            Map.entry("/v1/webhook-deliveries/{id}/retry", victim -> Map.of("id", victim.webhookDeliveryId())));

    /** Request bodies: writes without an id act on the caller's own tenant; others reference A's rows. */
    private static final Map<String, Function<Victim, String>> BODIES = Map.ofEntries(
            Map.entry("POST /v1/api-keys", victim -> "{\"name\": \"cross-tenant probe\", \"scope\": \"read\"}"),
            Map.entry("POST /v1/plugins/installations", victim -> "{\"plugin_id\": \"%s\", \"config\": {\"endpoint\": \"https://b.example\"}}"
                    .formatted(victim.pluginId())),
            Map.entry("POST /v1/notifications/sms", victim -> "{\"to\": \"+4915112345678\", \"body\": \"probe\"}"),
            Map.entry("PUT /v1/capabilities/{capability}", victim -> "{\"installation_id\": \"%s\"}".formatted(victim.installationId())),
            Map.entry("POST /v1/customers", victim -> "{\"name\": \"cross-tenant probe\"}"),
            Map.entry("POST /v1/assets", victim -> "{\"customer_id\": \"%s\"}".formatted(victim.customerId())),
            Map.entry("POST /v1/tickets", victim -> "{\"customer_id\": \"%s\", \"issue_description\": \"probe\"}"
                    .formatted(victim.customerId())),
            Map.entry("POST /v1/tickets/{id}/transitions", victim -> "{\"to\": \"cancelled\"}"),
            Map.entry("POST /v1/inventory/locations", victim -> "{\"name\": \"probe\"}"),
            Map.entry("POST /v1/inventory/parts", victim -> "{\"sku\": \"PROBE-%s\", \"name\": \"probe\"}"
                    .formatted(java.util.UUID.randomUUID())),
            Map.entry("POST /v1/inventory/movements", victim -> "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"type\": \"consume\", \"quantity\": 1}"
                    .formatted(victim.partId(), victim.locationId())),
            Map.entry("POST /v1/technicians", victim -> "{\"name\": \"probe\"}"),
            Map.entry("POST /v1/work-orders", victim -> "{\"customer_id\": \"%s\", \"description\": \"probe\"}"
                    .formatted(victim.customerId())),
            Map.entry("POST /v1/work-orders/{id}/assign", victim -> "{\"technician_id\": \"%s\"}".formatted(victim.technicianId())),
            Map.entry("POST /v1/work-orders/{id}/transitions", victim -> "{\"to\": \"cancelled\"}"),
            Map.entry("POST /v1/work-orders/{id}/parts", victim -> "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"quantity\": 1}"
                    .formatted(victim.partId(), victim.locationId())),
            Map.entry("POST /v1/quotes", victim -> "{\"customer_id\": \"%s\"}".formatted(victim.customerId())),
            Map.entry("POST /v1/quotes/{id}/accept", victim -> "{\"signature_name\": \"probe\"}"),
            Map.entry("POST /v1/quotes/{id}/decline", victim -> "{\"reason\": \"probe\"}"),
            Map.entry("POST /v1/webhook-endpoints", victim -> "{\"url\": \"https://b.example/hooks\", \"events\": [\"*\"]}"),
            Map.entry("POST /v1/webhook-endpoints/{id}/recover", victim -> "{\"since\": \"2020-01-01T00:00:00Z\"}"));

    /** Writes on the intruder's own tenant whose body names A's rows: those rows do not exist for B. */
    private static final java.util.Set<String> REFERENCING_A = java.util.Set.of("POST /v1/assets", "POST /v1/tickets",
            "POST /v1/inventory/movements", "POST /v1/work-orders", "POST /v1/quotes");

    /** Shared by every tenant by design (the marketplace catalog): readable, but must carry no tenant's data. */
    private static final Map<String, Function<Victim, Map<String, String>>> SHARED = Map.of(
            "/v1/marketplace/plugins/{pluginId}", victim -> Map.of("pluginId", victim.pluginId()));

    @org.junit.jupiter.api.io.TempDir
    java.nio.file.Path temp;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyTenantEndpointHidesOtherTenantsData() {
        TestTenant a = newTenant("enterprise");
        TestTenant b = newTenant("enterprise");
        String keyOfA = a.admin().get("/v1/api-keys").json().get("data").get(0).get("id").asString();
        String pluginId = "com.test.cross-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        new Marketplace(api(), operator()).publish(Marketplace.smsBundle(temp, pluginId, "1.0.0",
                "return new SmsReceipt(\"a\");"));
        String installationOfA = a.admin().post("/v1/plugins/installations",
                "{\"plugin_id\": \"%s\", \"config\": {\"endpoint\": \"https://a.example\"}}".formatted(pluginId))
                .assertStatus(201).text("id");
        String customerOfA = a.admin().post("/v1/customers", "{\"name\": \"Victim customer\"}").assertStatus(201)
                .text("id");
        String assetOfA = a.admin().post("/v1/assets", "{\"customer_id\": \"%s\"}".formatted(customerOfA))
                .assertStatus(201).text("id");
        String ticketOfA = a.admin().post("/v1/tickets", "{\"customer_id\": \"%s\", \"asset_id\": \"%s\", \"issue_description\": \"x\"}"
                .formatted(customerOfA, assetOfA)).assertStatus(201).text("id");
        String locationOfA = a.admin().post("/v1/inventory/locations", "{\"name\": \"A's van\"}").assertStatus(201)
                .text("id");
        String partOfA = a.admin().post("/v1/inventory/parts", "{\"sku\": \"A-1\", \"name\": \"A's part\"}")
                .assertStatus(201).text("id");
        String movementOfA = a.admin().post("/v1/inventory/movements", "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"type\": \"receive\", \"quantity\": 5, \"unit_cost\": 100}"
                .formatted(partOfA, locationOfA)).assertStatus(201).text("id");
        String technicianOfA = a.admin().post("/v1/technicians", "{\"name\": \"A's technician\"}").assertStatus(201)
                .text("id");
        String workOrderOfA = a.admin().post("/v1/work-orders", "{\"customer_id\": \"%s\", \"description\": \"x\"}"
                .formatted(customerOfA)).assertStatus(201).text("id");
        String quoteOfA = a.admin().post("/v1/quotes", "{\"customer_id\": \"%s\", \"line_items\": [{\"description\": \"x\", \"quantity\": 1, \"unit_price\": 100}]}"
                .formatted(customerOfA)).assertStatus(201).text("id");
        String endpointOfA = a.admin().post("/v1/webhook-endpoints", "{\"url\": \"https://a.example/hooks\", \"events\": [\"*\"]}")
                .assertStatus(201).text("id");
        String deliveryOfA = a.admin().post("/v1/webhook-endpoints/" + endpointOfA + "/test").assertStatus(202)
                .text("delivery_id");
        Victim victim = new Victim(a, keyOfA, pluginId, installationOfA, customerOfA, assetOfA, ticketOfA, locationOfA,
                partOfA, movementOfA, technicianOfA, workOrderOfA, quoteOfA, endpointOfA, deliveryOfA);
        List<String> missing = new ArrayList<>();
        int probed = 0;

        for (var entry : mappings.getHandlerMethods().entrySet()) {
            Access access = entry.getValue().getMethodAnnotation(Access.class);
            if (access == null || !List.of(access.value()).contains(Principal.Kind.TENANT)) {
                continue;
            }
            for (String pattern : patterns(entry.getKey())) {
                for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                    if (probe(method.name(), pattern, victim, b, missing)) {
                        probed++;
                    }
                }
            }
        }

        if (!missing.isEmpty()) {
            fail("No cross-tenant probe for: " + missing + " (add one to CrossTenantIntegrationTests)");
        }
        assertThat(probed).isGreaterThanOrEqualTo(12);
        // A's data survived B's attempts.
        assertThat(a.admin().get("/v1/api-keys").assertStatus(200).raw()).contains(keyOfA);
        assertThat(a.admin().get("/v1/tickets/" + ticketOfA).assertStatus(200).text("status")).isEqualTo("new");
        a.admin().get("/v1/customers/" + customerOfA).assertStatus(200);
        assertThat(a.admin().get("/v1/work-orders/" + workOrderOfA).text("status")).isEqualTo("unscheduled");
        assertThat(a.admin().get("/v1/quotes/" + quoteOfA).text("status")).isEqualTo("draft");
        assertThat(a.admin().get("/v1/inventory/parts/" + partOfA).json().get("on_hand").decimalValue())
                .isEqualByComparingTo("5");
    }

    @Test
    void everyApiHandlerDeclaresWhoMayCallIt() {
        List<String> open = new ArrayList<>();
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            HandlerMethod handler = entry.getValue();
            boolean api = patterns(entry.getKey()).stream().anyMatch(p -> p.startsWith("/v1"));
            if (api && handler.getMethodAnnotation(Access.class) == null) {
                open.add(handler.getShortLogMessage());
            }
        }
        assertThat(open).as("handlers without @Access").isEmpty();
    }

    private boolean probe(String method, String pattern, Victim victim, TestTenant intruder, List<String> missing) {
        String endpoint = method + " " + pattern;
        String body = BODIES.containsKey(endpoint) ? BODIES.get(endpoint).apply(victim) : "{}";
        if (SHARED.containsKey(pattern)) {
            String path = substitute(pattern, SHARED.get(pattern).apply(victim));
            String shared = intruder.admin().get(path).assertStatus(200).raw();
            assertThat(shared).as(endpoint).doesNotContain(victim.tenant().id().toString())
                    .doesNotContain(victim.installationId());
            return true;
        }
        if (pattern.contains("{")) {
            Function<Victim, Map<String, String>> target = TARGETS.get(pattern);
            if (target == null) {
                missing.add(endpoint);
                return false;
            }
            String path = substitute(pattern, target.apply(victim));
            var response = switch (method) {
                case "GET" -> intruder.admin().get(path);
                case "DELETE" -> intruder.admin().delete(path);
                case "PATCH" -> intruder.admin().patch(path, body);
                case "PUT" -> intruder.admin().send("PUT", path, "application/json",
                        java.net.http.HttpRequest.BodyPublishers.ofString(body));
                default -> intruder.admin().post(path, body);
            };
            response.assertProblem(404, "not_found");
            return true;
        }
        if (method.equals("GET")) {
            String list = intruder.admin().get(pattern).assertStatus(200).raw();
            assertThat(list).as(endpoint).doesNotContain(victim.tenant().id().toString())
                    .doesNotContain(victim.tenant().name());
            victim.ids().forEach(id -> assertThat(list).as(endpoint).doesNotContain(id));
            return true;
        }
        if (!BODIES.containsKey(endpoint)) {
            missing.add(endpoint);
            return false;
        }
        // Acts on the intruder's own tenant: whatever it answers, it must not be A's data or a crash.
        var response = intruder.admin().post(pattern, body);
        if (REFERENCING_A.contains(endpoint)) {
            response.assertProblem(404, "not_found");
        }
        assertThat(response.status()).as(endpoint + ": " + response.raw()).isLessThan(500);
        assertThat(response.raw()).doesNotContain(victim.tenant().id().toString())
                .doesNotContain(victim.installationId());
        return true;
    }

    private static String substitute(String pattern, Map<String, String> variables) {
        String path = pattern;
        for (var variable : variables.entrySet()) {
            path = path.replace("{" + variable.getKey() + "}", variable.getValue());
        }
        return path;
    }

    private static List<String> patterns(RequestMappingInfo info) {
        return new ArrayList<>(info.getPatternValues());
    }
}
