package io.opsbench.platform.customer;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class CustomerIntegrationTests extends IntegrationTest {

    @Test
    void createsGetsAndPatchesACustomerWithAbsentKeepsAndNullClears() {
        Api.Client shop = newTenant("pro").admin();
        var created = shop.post("/v1/customers", """
                {"name": " Ada Lovelace ", "email": "ada@example.com", "phone": "+442071234567",
                 "address": "12 St James's Square", "notes": "prefers email"}""").assertStatus(201);
        String id = created.text("id");
        assertThat(created.text("name")).isEqualTo("Ada Lovelace");
        assertThat(created.text("created_at")).isEqualTo(created.text("updated_at"));

        var patched = shop.patch("/v1/customers/" + id, "{\"notes\": null, \"address\": \"1 Analytical Way\"}")
                .assertStatus(200);

        assertThat(patched.text("notes")).isNull();
        assertThat(patched.text("address")).isEqualTo("1 Analytical Way");
        assertThat(patched.text("email")).isEqualTo("ada@example.com");
        assertThat(patched.text("phone")).isEqualTo("+442071234567");
        assertThat(shop.get("/v1/customers/" + id).assertStatus(200).json()).isEqualTo(patched.json());
    }

    @Test
    void invalidFieldsAreNamedByPointer() {
        Api.Client shop = newTenant("pro").admin();

        var created = shop.post("/v1/customers", "{\"email\": \"not-an-email\", \"phone\": \"0171 123\"}")
                .assertProblem(422, "validation_error");
        assertThat(pointers(created.json())).containsExactlyInAnyOrder("/name", "/email", "/phone");

        String id = shop.post("/v1/customers", "{\"name\": \"Grace\"}").assertStatus(201).text("id");
        var cleared = shop.patch("/v1/customers/" + id, "{\"name\": null, \"phone\": \"+1\"}")
                .assertProblem(422, "validation_error");
        assertThat(pointers(cleared.json())).containsExactlyInAnyOrder("/name", "/phone");
        var unknown = shop.patch("/v1/customers/" + id, "{\"nickname\": \"G\"}").assertProblem(422, "validation_error");
        assertThat(pointers(unknown.json())).containsExactly("/nickname");
        var mistyped = shop.patch("/v1/customers/" + id, "{\"notes\": 42, \"address\": {}}")
                .assertProblem(422, "validation_error");
        assertThat(pointers(mistyped.json())).containsExactlyInAnyOrder("/notes", "/address");
        assertThat(shop.get("/v1/customers/" + id).text("name")).isEqualTo("Grace");
    }

    @Test
    void qFindsNameEmailOrPhoneCaseInsensitivelyAndTakesWildcardsLiterally() {
        Api.Client shop = newTenant("pro").admin();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String byName = shop.post("/v1/customers", "{\"name\": \"Zed %s Müller\"}".formatted(tag)).text("id");
        String byEmail = shop.post("/v1/customers", "{\"name\": \"Other\", \"email\": \"ZED.%s@example.com\"}"
                .formatted(tag)).text("id");
        String byPhone = shop.post("/v1/customers", "{\"name\": \"Third\", \"phone\": \"+4930555123\"}").text("id");
        String percent = shop.post("/v1/customers", "{\"name\": \"100%% Repairs %s\"}".formatted(tag)).text("id");

        assertThat(ids(shop.get("/v1/customers?q=zed%20" + tag).assertStatus(200).json()))
                .containsExactly(byName);
        assertThat(ids(shop.get("/v1/customers?q=zed").json())).containsExactly(byName, byEmail);
        assertThat(ids(shop.get("/v1/customers?q=0555").json())).containsExactly(byPhone);
        assertThat(ids(shop.get("/v1/customers?q=100%25").json())).containsExactly(percent);
        assertThat(ids(shop.get("/v1/customers?q=_").json())).isEmpty();
        shop.get("/v1/customers?q=").assertProblem(422, "validation_error");
    }

    @Test
    void paginatesAFilteredListWithoutSkippingOrRepeating() {
        Api.Client shop = newTenant("pro").admin();
        List<String> matching = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            matching.add(shop.post("/v1/customers", "{\"name\": \"Paged %d\"}".formatted(i)).text("id"));
            shop.post("/v1/customers", "{\"name\": \"Noise %d\"}".formatted(i)).assertStatus(201);
        }

        List<String> seen = new ArrayList<>();
        String cursor = null;
        do {
            var page = shop.get("/v1/customers?q=paged&limit=2" + (cursor == null ? "" : "&cursor=" + cursor))
                    .assertStatus(200);
            seen.addAll(ids(page.json()));
            cursor = page.text("next_cursor");
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(matching);
        String first = shop.get("/v1/customers?q=paged&limit=2").text("next_cursor");
        shop.get("/v1/customers?q=noise&limit=2&cursor=" + first).assertProblem(422, "validation_error");
    }

    @Test
    void assetsNeedAVisibleCustomerAndFilterByCustomerAndSerialNumber() {
        Api.Client shop = newTenant("pro").admin();
        String ada = shop.post("/v1/customers", "{\"name\": \"Ada\"}").text("id");
        String bob = shop.post("/v1/customers", "{\"name\": \"Bob\"}").text("id");
        String phone = shop.post("/v1/assets", """
                {"customer_id": "%s", "kind": "phone", "make": "Fairphone", "model": "5", "serial_number": "FP5-1"}"""
                .formatted(ada)).assertStatus(201).text("id");
        String laptop = shop.post("/v1/assets", "{\"customer_id\": \"%s\", \"kind\": \"laptop\", \"serial_number\": \"X1\"}"
                .formatted(ada)).assertStatus(201).text("id");
        String bike = shop.post("/v1/assets", "{\"customer_id\": \"%s\", \"serial_number\": \"FP5-1\"}"
                .formatted(bob)).assertStatus(201).text("id");

        assertThat(ids(shop.get("/v1/assets?customer_id=" + ada).assertStatus(200).json())).containsExactly(phone, laptop);
        assertThat(ids(shop.get("/v1/assets?serial_number=FP5-1").json())).containsExactly(phone, bike);
        assertThat(ids(shop.get("/v1/assets?customer_id=%s&serial_number=FP5-1".formatted(bob)).json()))
                .containsExactly(bike);
        shop.get("/v1/assets?customer_id=nope").assertProblem(422, "validation_error");

        shop.post("/v1/assets", "{\"customer_id\": \"%s\"}".formatted(UUID.randomUUID())).assertProblem(404, "not_found");
        var missing = shop.post("/v1/assets", "{\"kind\": \"phone\"}").assertProblem(422, "validation_error");
        assertThat(pointers(missing.json())).containsExactly("/customer_id");

        var patched = shop.patch("/v1/assets/" + laptop, "{\"location\": \"shelf 3\", \"kind\": null}").assertStatus(200);
        assertThat(patched.text("location")).isEqualTo("shelf 3");
        assertThat(patched.text("kind")).isNull();
        assertThat(patched.text("serial_number")).isEqualTo("X1");
        shop.patch("/v1/assets/" + laptop, "{\"customer_id\": \"%s\"}".formatted(bob)).assertProblem(422, "validation_error");
    }

    @Test
    void deletingACustomerTakesItsAssetsWithIt() {
        Api.Client shop = newTenant("pro").admin();
        String customer = shop.post("/v1/customers", "{\"name\": \"Leaving\"}").text("id");
        String asset = shop.post("/v1/assets", "{\"customer_id\": \"%s\"}".formatted(customer)).text("id");

        shop.delete("/v1/customers/" + customer).assertStatus(204);

        shop.get("/v1/customers/" + customer).assertProblem(404, "not_found");
        shop.get("/v1/assets/" + asset).assertProblem(404, "not_found");
        shop.delete("/v1/customers/" + customer).assertProblem(404, "not_found");
    }

    @Test
    void aReadKeyReadsButCannotWrite() {
        Api.Client admin = newTenant("pro").admin();
        String readKey = admin.post("/v1/api-keys", "{\"name\": \"dashboard\", \"scope\": \"read\"}").text("key");
        Api.Client reader = api().as(readKey);

        reader.get("/v1/customers").assertStatus(200);
        reader.post("/v1/customers", "{\"name\": \"Nope\"}").assertProblem(403, "forbidden");
    }

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(row -> ids.add(row.get("id").asString()));
        return ids;
    }

    static List<String> pointers(JsonNode problem) {
        List<String> pointers = new ArrayList<>();
        problem.get("errors").forEach(error -> pointers.add(error.get("pointer").asString()));
        return pointers;
    }
}
