package io.opsbench.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConditionalRequestIntegrationTests extends IntegrationTest {

    private Api.Client admin;
    private String customer;

    @BeforeEach
    void shop() {
        admin = newTenant("pro").admin();
        customer = admin.post("/v1/customers", "{\"name\": \"Etag\"}").assertStatus(201).text("id");
    }

    @Test
    void anUnchangedResourceAnswers304() {
        var first = admin.get("/v1/customers/" + customer).assertStatus(200);
        String etag = first.header("ETag");
        assertThat(etag).startsWith("\"").endsWith("\"");

        var again = admin.request("GET", "/v1/customers/" + customer, null, Map.of("If-None-Match", etag));

        assertThat(again.status()).isEqualTo(304);
        assertThat(again.raw()).isEmpty();
        admin.patch("/v1/customers/" + customer, "{\"notes\": \"changed\"}").assertStatus(200);
        assertThat(admin.request("GET", "/v1/customers/" + customer, null, Map.of("If-None-Match", etag)).status())
                .isEqualTo(200);
    }

    @Test
    void theETagIsTheDigestOfTheBytesSent() throws Exception {
        String ticket = admin.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"Ünïcode ✓\"}"
                .formatted(customer)).assertStatus(201).text("id");

        var read = admin.get("/v1/tickets/" + ticket).assertStatus(200);

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(read.raw().getBytes(StandardCharsets.UTF_8));
        assertThat(read.header("ETag")).isEqualTo(
                "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 27) + "\"");
        assertThat(read.text("issue_description")).isEqualTo("Ünïcode ✓");
    }

    @Test
    void twoClientsEditingOneTicketCannotOverwriteEachOther() {
        String ticket = admin.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\"}"
                .formatted(customer)).assertStatus(201).text("id");
        String seenByBoth = admin.get("/v1/tickets/" + ticket).header("ETag");

        var first = admin.request("POST", "/v1/tickets/" + ticket + "/transitions", "{\"to\": \"diagnosing\"}",
                Map.of("If-Match", seenByBoth)).assertStatus(200);
        var second = admin.request("POST", "/v1/tickets/" + ticket + "/transitions", "{\"to\": \"cancelled\"}",
                Map.of("If-Match", seenByBoth)).assertProblem(412, "precondition_failed");

        assertThat(second.text("current_etag")).isEqualTo(first.header("ETag"));
        assertThat(admin.get("/v1/tickets/" + ticket).text("status")).isEqualTo("diagnosing");
        admin.request("POST", "/v1/tickets/" + ticket + "/transitions", "{\"to\": \"cancelled\"}",
                Map.of("If-Match", first.header("ETag"))).assertStatus(200);
    }

    @Test
    void staleIfMatchRefusesPatchAndDelete() {
        String etag = admin.get("/v1/customers/" + customer).header("ETag");
        admin.patch("/v1/customers/" + customer, "{\"notes\": \"by someone else\"}").assertStatus(200);

        admin.request("PATCH", "/v1/customers/" + customer, "{\"notes\": \"mine\"}", Map.of("If-Match", etag))
                .assertProblem(412, "precondition_failed");
        admin.request("DELETE", "/v1/customers/" + customer, null, Map.of("If-Match", etag))
                .assertProblem(412, "precondition_failed");
        assertThat(admin.get("/v1/customers/" + customer).text("notes")).isEqualTo("by someone else");
        String current = admin.get("/v1/customers/" + customer).header("ETag");
        admin.request("DELETE", "/v1/customers/" + customer, null, Map.of("If-Match", current)).assertStatus(204);
    }

    @Test
    void aPartsETagChangesWhenAMovementChangesItsStock() {
        String location = admin.post("/v1/inventory/locations", "{\"name\": \"Shelf\"}").text("id");
        String part = admin.post("/v1/inventory/parts", "{\"sku\": \"ET-1\", \"name\": \"Fuse\"}").text("id");
        String before = admin.get("/v1/inventory/parts/" + part).header("ETag");

        admin.post("/v1/inventory/movements", "{\"part_id\": \"%s\", \"location_id\": \"%s\", \"type\": \"receive\", \"quantity\": 3, \"unit_cost\": 10}"
                .formatted(part, location)).assertStatus(201);

        String after = admin.get("/v1/inventory/parts/" + part).header("ETag");
        assertThat(after).isNotEqualTo(before);
        admin.request("PATCH", "/v1/inventory/parts/" + part, "{\"name\": \"Fuse 5A\"}", Map.of("If-Match", before))
                .assertProblem(412, "precondition_failed");
        admin.request("PATCH", "/v1/inventory/parts/" + part, "{\"name\": \"Fuse 5A\"}", Map.of("If-Match", after))
                .assertStatus(200);
    }
}
