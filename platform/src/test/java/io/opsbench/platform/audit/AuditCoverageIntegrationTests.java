package io.opsbench.platform.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.support.Marketplace;
import io.opsbench.pluginhost.testkit.TestBundles;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * Calls every mutating endpoint the application registers, each successfully, and checks that the
 * audit log holds a record of that very request with its actor and endpoint. The endpoint list comes
 * from Spring MVC, so a new mutating endpoint fails this test until it is called here and audited.
 */
class AuditCoverageIntegrationTests extends IntegrationTest {

    /** Endpoints that change nothing stored, and why. */
    private static final Map<String, String> NOT_MUTATING = Map.of(
            "POST /v1/notifications/sms", "sends a message through a plugin; nothing is stored");

    @TempDir
    Path temp;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private final Map<String, String> requests = new LinkedHashMap<>();

    @Test
    void everyMutatingEndpointWritesAuditRecordsOfItsRequest() throws Exception {
        // Operator and vendor.
        var tenant = call("POST /v1/tenants", operator().post("/v1/tenants", "{\"name\": \"Audited\", \"plan\": \"enterprise\"}"));
        String tenantId = tenant.text("id");
        Api.Client admin = api().as(tenant.text("api_key"));
        call("PATCH /v1/tenants/{id}", operator().patch("/v1/tenants/" + tenantId, "{\"name\": \"Audited shop\"}"));
        call("POST /v1/tenants/{id}/api-keys", operator().post("/v1/tenants/" + tenantId + "/api-keys"));
        var vendor = call("POST /v1/vendors", operator().post("/v1/vendors", "{\"name\": \"Audit vendor\", \"email\": \"a@v.test\"}"));
        Api.Client vendorKey = api().as(vendor.text("api_key"));
        var rotated = call("POST /v1/vendors/{id}/api-keys", operator().post("/v1/vendors/" + vendor.text("id") + "/api-keys"));
        vendorKey = api().as(rotated.text("api_key"));
        String smsPlugin = "com.test.audit-sms-" + suffix();
        var submitted = call("POST /v1/marketplace/submissions", vendorKey.send("POST", "/v1/marketplace/submissions",
                "application/zip", HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(
                        Marketplace.smsBundle(temp, smsPlugin, "1.0.0", "return new SmsReceipt(\"x\");")))));
        call("POST /v1/marketplace/submissions/{id}/approve",
                operator().post("/v1/marketplace/submissions/" + submitted.text("id") + "/approve", "{}"));
        var second = vendorKey.send("POST", "/v1/marketplace/submissions", "application/zip",
                HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(
                        Marketplace.smsBundle(temp.resolve("v2"), smsPlugin, "1.1.0", "return new SmsReceipt(\"y\");"))))
                .assertStatus(201);
        call("POST /v1/marketplace/submissions/{id}/reject",
                operator().post("/v1/marketplace/submissions/" + second.text("id") + "/reject", "{\"reason\": \"no\"}"));

        // Tenant: keys, plugins, capabilities.
        var key = call("POST /v1/api-keys", admin.post("/v1/api-keys", "{\"name\": \"temp\", \"scope\": \"read\"}"));
        call("DELETE /v1/api-keys/{id}", admin.delete("/v1/api-keys/" + key.text("id")));
        var installation = call("POST /v1/plugins/installations", admin.post("/v1/plugins/installations",
                "{\"plugin_id\": \"%s\", \"config\": {\"endpoint\": \"https://sms.example\"}}".formatted(smsPlugin)));
        call("PATCH /v1/plugins/installations/{id}", admin.patch("/v1/plugins/installations/" + installation.text("id"),
                "{\"config\": {\"endpoint\": \"https://sms2.example\"}}"));
        call("PUT /v1/capabilities/{capability}", admin.send("PUT", "/v1/capabilities/sms", "application/json",
                HttpRequest.BodyPublishers.ofString("{\"installation_id\": \"%s\"}".formatted(installation.text("id")))));

        // The shop's work.
        String customer = call("POST /v1/customers", admin.post("/v1/customers",
                "{\"name\": \"Ann\", \"email\": \"ann@example.com\"}")).text("id");
        call("PATCH /v1/customers/{id}", admin.patch("/v1/customers/" + customer, "{\"notes\": \"VIP\"}"));
        String asset = call("POST /v1/assets", admin.post("/v1/assets", "{\"customer_id\": \"%s\", \"kind\": \"phone\"}"
                .formatted(customer))).text("id");
        call("PATCH /v1/assets/{id}", admin.patch("/v1/assets/" + asset, "{\"model\": \"X\"}"));
        String technician = call("POST /v1/technicians", admin.post("/v1/technicians", "{\"name\": \"Ada\"}")).text("id");
        call("PATCH /v1/technicians/{id}", admin.patch("/v1/technicians/" + technician, "{\"skills\": [\"hvac\"]}"));
        String ticket = call("POST /v1/tickets", admin.post("/v1/tickets",
                "{\"customer_id\": \"%s\", \"issue_description\": \"broken\"}".formatted(customer))).text("id");
        call("POST /v1/tickets/{id}/transitions", admin.post("/v1/tickets/" + ticket + "/transitions", "{\"to\": \"diagnosing\"}"));
        String location = call("POST /v1/inventory/locations", admin.post("/v1/inventory/locations", "{\"name\": \"Van\"}")).text("id");
        call("PATCH /v1/inventory/locations/{id}", admin.patch("/v1/inventory/locations/" + location, "{\"kind\": \"van\"}"));
        String part = call("POST /v1/inventory/parts", admin.post("/v1/inventory/parts", "{\"sku\": \"AUD-1\", \"name\": \"Part\"}")).text("id");
        call("PATCH /v1/inventory/parts/{id}", admin.patch("/v1/inventory/parts/" + part, "{\"reorder_point\": 1}"));
        call("POST /v1/inventory/movements", admin.post("/v1/inventory/movements",
                "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"type\": \"receive\", \"quantity\": 5, \"unit_cost\": 10}"
                        .formatted(part, location)));
        String workOrder = call("POST /v1/work-orders", admin.post("/v1/work-orders",
                "{\"customer_id\": \"%s\", \"description\": \"visit\"}".formatted(customer))).text("id");
        call("PATCH /v1/work-orders/{id}", admin.patch("/v1/work-orders/" + workOrder, "{\"site_address\": \"Main St 1\"}"));
        call("POST /v1/work-orders/{id}/assign", admin.post("/v1/work-orders/" + workOrder + "/assign",
                "{\"technician_id\": \"%s\"}".formatted(technician)));
        call("POST /v1/work-orders/{id}/parts", admin.post("/v1/work-orders/" + workOrder + "/parts",
                "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"quantity\": 1}".formatted(part, location)));
        call("POST /v1/work-orders/{id}/transitions", admin.post("/v1/work-orders/" + workOrder + "/transitions",
                "{\"to\": \"cancelled\"}"));
        installEmailPlugin(admin);
        String lines = "[{\"description\": \"Fix\", \"quantity\": 1, \"unit_price\": 1000}]";
        String quote = call("POST /v1/quotes", admin.post("/v1/quotes",
                "{\"customer_id\": \"%s\", \"line_items\": %s}".formatted(customer, lines))).text("id");
        call("PATCH /v1/quotes/{id}", admin.patch("/v1/quotes/" + quote, "{\"currency\": \"USD\"}"));
        call("POST /v1/quotes/{id}/send", admin.post("/v1/quotes/" + quote + "/send"));
        call("POST /v1/quotes/{id}/accept", admin.post("/v1/quotes/" + quote + "/accept", "{\"signature_name\": \"Ann\"}"));
        String other = admin.post("/v1/quotes", "{\"customer_id\": \"%s\", \"line_items\": %s}".formatted(customer, lines)).text("id");
        admin.post("/v1/quotes/" + other + "/send").assertStatus(200);
        call("POST /v1/quotes/{id}/decline", admin.post("/v1/quotes/" + other + "/decline", "{\"reason\": \"no\"}"));

        // Webhooks: an endpoint nobody answers, so its deliveries die quickly.
        Instant start = Instant.now();
        String endpoint = call("POST /v1/webhook-endpoints", admin.post("/v1/webhook-endpoints",
                "{\"url\": \"http://127.0.0.1:9/hooks\", \"events\": [\"ticket.*\"]}")).text("id");
        call("PATCH /v1/webhook-endpoints/{id}", admin.patch("/v1/webhook-endpoints/" + endpoint, "{\"description\": \"dead end\"}"));
        call("POST /v1/webhook-endpoints/{id}/rotate-secret", admin.post("/v1/webhook-endpoints/" + endpoint + "/rotate-secret"));
        String delivery = call("POST /v1/webhook-endpoints/{id}/test", admin.post("/v1/webhook-endpoints/" + endpoint + "/test"))
                .text("delivery_id");
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/v1/webhook-endpoints/" + endpoint + "/deliveries")
                .json().get("data").valueStream().anyMatch(d -> d.get("status").asString().equals("dead")));
        call("POST /v1/webhook-deliveries/{id}/retry", admin.post("/v1/webhook-deliveries/" + delivery + "/retry"));
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/v1/webhook-endpoints/" + endpoint + "/deliveries")
                .json().get("data").valueStream().anyMatch(d -> d.get("status").asString().equals("dead")));
        call("POST /v1/webhook-endpoints/{id}/recover", admin.post("/v1/webhook-endpoints/" + endpoint + "/recover",
                "{\"since\": \"%s\"}".formatted(start)));
        call("DELETE /v1/webhook-endpoints/{id}", admin.delete("/v1/webhook-endpoints/" + endpoint));

        // Last: removals.
        call("DELETE /v1/plugins/installations/{id}", admin.delete("/v1/plugins/installations/" + installation.text("id")));
        call("POST /v1/marketplace/plugins/{pluginId}/versions/{version}/yank",
                operator().post("/v1/marketplace/plugins/" + smsPlugin + "/versions/1.0.0/yank", "{\"reason\": \"audit\"}"));
        admin.post("/v1/tickets/" + ticket + "/transitions", "{\"to\": \"cancelled\"}").assertStatus(200);
        call("DELETE /v1/customers/{id}", admin.delete("/v1/customers/" + customer));

        List<String> uncovered = new ArrayList<>();
        for (var entry : mappings.getHandlerMethods().entrySet()) {
            for (String pattern : entry.getKey().getPatternValues()) {
                for (RequestMethod method : entry.getKey().getMethodsCondition().getMethods()) {
                    String endpointKey = method.name() + " " + pattern;
                    if (pattern.startsWith("/v1/") && method != RequestMethod.GET
                            && !NOT_MUTATING.containsKey(endpointKey) && !requests.containsKey(endpointKey)) {
                        uncovered.add(endpointKey);
                    }
                }
            }
        }
        assertThat(uncovered).as("mutating endpoints this test does not call yet").isEmpty();

        for (var call : requests.entrySet()) {
            JsonNode records = operator().get("/v1/audit-events?request_id=" + call.getValue()).assertStatus(200)
                    .json().get("data");
            assertThat(records).as("audit records of %s", call.getKey()).isNotEmpty();
            assertThat(records.get(0).get("action").asString()).isEqualTo(call.getKey());
        }
    }

    @Test
    void recordsCarryTheActorAndADiffWithSecretsRedactedAndTenantsSeeOnlyTheirOwn() {
        TestTenant shop = newTenant("pro");
        TestTenant other = newTenant("pro");
        String customer = shop.admin().post("/v1/customers", "{\"name\": \"Before\"}").text("id");
        shop.admin().patch("/v1/customers/" + customer, "{\"name\": \"After\"}").assertStatus(200);
        var key = shop.admin().post("/v1/api-keys", "{\"name\": \"audited key\", \"scope\": \"read\"}").assertStatus(201);

        JsonNode updates = shop.admin().get("/v1/audit-events?resource_type=customers&resource_id=" + customer)
                .assertStatus(200).json().get("data");
        assertThat(updates).hasSize(2);
        JsonNode update = updates.get(1);
        assertThat(update.get("operation").asString()).isEqualTo("update");
        assertThat(update.get("actor_kind").asString()).isEqualTo("tenant");
        assertThat(update.get("changes").get("name").get("before").asString()).isEqualTo("Before");
        assertThat(update.get("changes").get("name").get("after").asString()).isEqualTo("After");

        JsonNode keyRecord = shop.admin().get("/v1/audit-events?resource_type=api_keys&resource_id=" + key.text("id"))
                .json().get("data").get(0);
        assertThat(keyRecord.get("changes").get("key_hash").get("after").asString()).isEqualTo("[redacted]");
        assertThat(keyRecord.toString()).doesNotContain(key.text("key"));

        assertThat(other.admin().get("/v1/audit-events?resource_id=" + customer).json().get("data")).isEmpty();
        assertThat(operator().get("/v1/audit-events?resource_id=" + customer).json().get("data")).hasSize(2);
        api().as(shop.admin().post("/v1/api-keys", "{\"name\": \"w\", \"scope\": \"write\"}").text("key"))
                .get("/v1/audit-events").assertProblem(403, "forbidden");
    }

    private Api.Response call(String endpoint, Api.Response response) {
        assertThat(response.status()).as("%s answered %s", endpoint, response.raw()).isBetween(200, 299);
        requests.put(endpoint, response.header("X-Request-Id"));
        return response;
    }

    private void installEmailPlugin(Api.Client admin) {
        String pluginId = "com.test.audit-mail-" + suffix();
        Path exploded = TestBundles.exploded(temp.resolve(pluginId), TestBundles.manifest(pluginId, "1.0.0",
                "\"email\"", ">=1.0.0 <2.0.0"), Map.of("test.plugin.Mail", """
                        package test.plugin;
                        import io.opsbench.plugin.PluginContext;
                        import io.opsbench.plugin.email.*;
                        import org.pf4j.Extension;
                        @Extension
                        public class Mail implements EmailSender {
                            public EmailReceipt send(PluginContext context, EmailMessage message) {
                                return new EmailReceipt("mail-1");
                            }
                        }
                        """));
        new Marketplace(api(), operator()).publish(TestBundles.zip(exploded, temp.resolve(pluginId + ".zip")));
        admin.post("/v1/plugins/installations", "{\"plugin_id\": \"%s\", \"config\": {}}".formatted(pluginId))
                .assertStatus(201);
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
