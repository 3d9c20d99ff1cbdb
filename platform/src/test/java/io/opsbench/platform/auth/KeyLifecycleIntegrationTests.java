package io.opsbench.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opsbench.platform.support.IntegrationTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class KeyLifecycleIntegrationTests extends IntegrationTest {

    @Test
    void tenantCreationReturnsAnAdminKeyThatWorksOnlyForThatTenant() {
        TestTenant tenant = newTenant("pro");

        var self = tenant.admin().get("/v1/tenant").assertStatus(200);

        assertThat(self.text("id")).isEqualTo(tenant.id().toString());
        assertThat(self.text("plan")).isEqualTo("pro");
        assertThat(self.json().has("api_key")).isFalse();
    }

    @Test
    void keysAreMintedListedWithoutSecretsAndRevoked() {
        TestTenant tenant = newTenant("pro");

        var created = tenant.admin().post("/v1/api-keys", "{\"name\": \"dashboard\", \"scope\": \"read\"}")
                .assertStatus(201);
        String secret = created.text("key");
        assertThat(secret).startsWith("ob_live_").hasSizeGreaterThan(30);
        assertThat(created.text("prefix")).isEqualTo(secret.substring(0, 12));

        var list = tenant.admin().get("/v1/api-keys").assertStatus(200);
        assertThat(list.raw()).doesNotContain(secret).contains(created.text("id"));
        assertThat(list.json().get("data")).hasSize(2);

        var readKey = api().as(secret);
        readKey.get("/v1/tenant").assertStatus(200);

        tenant.admin().delete("/v1/api-keys/" + created.text("id")).assertStatus(204);

        readKey.get("/v1/tenant").assertProblem(401, "unauthorized");
        tenant.admin().delete("/v1/api-keys/" + created.text("id")).assertProblem(404, "not_found");
        assertThat(tenant.admin().get("/v1/api-keys").json().get("data")).hasSize(1);
    }

    @Test
    void scopesNest() {
        TestTenant tenant = newTenant("business");
        var read = api().as(tenant.admin().post("/v1/api-keys", "{\"name\": \"r\", \"scope\": \"read\"}").text("key"));
        var write = api().as(tenant.admin().post("/v1/api-keys", "{\"name\": \"w\", \"scope\": \"write\"}").text("key"));

        read.get("/v1/tenant").assertStatus(200);
        write.get("/v1/tenant").assertStatus(200);
        read.get("/v1/api-keys").assertProblem(403, "forbidden");
        write.get("/v1/api-keys").assertProblem(403, "forbidden");
        write.post("/v1/api-keys", "{\"name\": \"x\", \"scope\": \"read\"}").assertProblem(403, "forbidden");
        tenant.admin().get("/v1/api-keys").assertStatus(200);
    }

    @Test
    void eachKindOfKeyReachesOnlyItsOwnEndpoints() {
        TestTenant tenant = newTenant("pro");
        var vendor = operator().post("/v1/vendors", "{\"name\": \"Acme Plugins\", \"email\": \"dev@acme.test\"}")
                .assertStatus(201);
        var vendorKey = api().as(vendor.text("api_key"));

        tenant.admin().get("/v1/tenants").assertProblem(403, "forbidden");
        tenant.admin().get("/v1/vendor").assertProblem(403, "forbidden");
        vendorKey.get("/v1/tenant").assertProblem(403, "forbidden");
        vendorKey.get("/v1/tenants").assertProblem(403, "forbidden");
        vendorKey.get("/v1/vendor").assertStatus(200);
        operator().get("/v1/tenant").assertProblem(403, "forbidden");
        operator().get("/v1/tenants/" + tenant.id()).assertStatus(200);
    }

    @Test
    void missingMalformedAndUnknownKeysAre401() {
        api().anonymous().get("/v1/tenant").assertProblem(401, "unauthorized");
        var unknown = api().as("ob_live_doesNotExist000000000000000000000").get("/v1/tenant")
                .assertProblem(401, "unauthorized");
        assertThat(unknown.header("WWW-Authenticate")).isEqualTo("Bearer");
        api().as("x").get("/v1/tenant").assertProblem(401, "unauthorized");
    }

    @Test
    void suspendedTenantsKeysAreRefusedUntilReactivated() {
        TestTenant tenant = newTenant("starter");

        operator().patch("/v1/tenants/" + tenant.id(), "{\"status\": \"suspended\"}").assertStatus(200);
        tenant.admin().get("/v1/tenant").assertProblem(403, "tenant_suspended");

        operator().patch("/v1/tenants/" + tenant.id(), "{\"status\": \"active\"}").assertStatus(200);
        tenant.admin().get("/v1/tenant").assertStatus(200);
    }

    @Test
    void operatorChangesPlanAndName() {
        TestTenant tenant = newTenant("starter");

        var changed = operator().patch("/v1/tenants/" + tenant.id(), "{\"plan\": \"enterprise\", \"name\": \"Renamed\"}")
                .assertStatus(200);

        assertThat(changed.text("plan")).isEqualTo("enterprise");
        assertThat(tenant.admin().get("/v1/tenant").text("name")).isEqualTo("Renamed");
        operator().patch("/v1/tenants/" + tenant.id(), "{\"plan\": \"platinum\"}").assertProblem(422, "validation_error");
    }

    @Test
    void operatorMintsAnAdminKeyForATenantThatLostItsKeys() {
        TestTenant tenant = newTenant("pro");
        String firstKeyId = tenant.admin().get("/v1/api-keys").json().get("data").get(0).get("id").asString();
        tenant.admin().delete("/v1/api-keys/" + firstKeyId).assertStatus(204);
        tenant.admin().get("/v1/tenant").assertProblem(401, "unauthorized");

        var issued = operator().post("/v1/tenants/" + tenant.id() + "/api-keys").assertStatus(201);

        assertThat(issued.text("scope")).isEqualTo("admin");
        api().as(issued.text("key")).get("/v1/api-keys").assertStatus(200);
    }

    @Test
    void rotatingAVendorKeyRetiresTheOldOne() {
        var vendor = operator().post("/v1/vendors", "{\"name\": \"Rotator\", \"email\": \"r@vendor.test\"}")
                .assertStatus(201);
        var oldKey = api().as(vendor.text("api_key"));
        oldKey.get("/v1/vendor").assertStatus(200);

        var rotated = operator().post("/v1/vendors/" + vendor.text("id") + "/api-keys").assertStatus(201);

        oldKey.get("/v1/vendor").assertProblem(401, "unauthorized");
        api().as(rotated.text("api_key")).get("/v1/vendor").assertStatus(200);
        operator().post("/v1/vendors/0198a000-0000-7000-8000-000000000000/api-keys").assertProblem(404, "not_found");
    }

    @Test
    void lastUsedIsRecordedInBatches() {
        TestTenant tenant = newTenant("pro");
        tenant.admin().get("/v1/tenant").assertStatus(200);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode key = tenant.admin().get("/v1/api-keys").json().get("data").get(0);
            assertThat(key.get("last_used_at").isNull()).isFalse();
        });
    }

    @Test
    void metricsAreForTheOperatorOnly() {
        TestTenant tenant = newTenant("pro");
        api().anonymous().get("/actuator/prometheus").assertProblem(401, "unauthorized");
        tenant.admin().get("/actuator/prometheus").assertProblem(403, "forbidden");
        assertThat(operator().get("/actuator/prometheus").assertStatus(200).raw()).contains("jvm_");
        assertThat(api().anonymous().get("/actuator/health").assertStatus(200).raw()).isEqualTo("{\"status\":\"UP\"}");
    }
}
