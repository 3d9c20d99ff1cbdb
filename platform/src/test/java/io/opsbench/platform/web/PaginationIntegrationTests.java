package io.opsbench.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class PaginationIntegrationTests extends IntegrationTest {

    @Test
    void rowsInsertedOrDeletedBetweenPagesAreNeitherSkippedNorRepeated() {
        TestTenant tenant = newTenant("pro");
        Api.Client admin = tenant.admin();
        for (int i = 0; i < 5; i++) {
            admin.post("/v1/api-keys", "{\"name\": \"k%d\", \"scope\": \"read\"}".formatted(i)).assertStatus(201);
        }

        var first = admin.get("/v1/api-keys?limit=2").assertStatus(200);
        List<String> seen = new ArrayList<>(ids(first.json()));
        assertThat(seen).hasSize(2);

        // Between pages: delete a row already served and one not yet served, add two new ones.
        List<String> all = ids(admin.get("/v1/api-keys?limit=200").json());
        String deletedUnseen = all.get(3);
        admin.delete("/v1/api-keys/" + seen.get(1)).assertStatus(204);
        admin.delete("/v1/api-keys/" + deletedUnseen).assertStatus(204);
        String added1 = admin.post("/v1/api-keys", "{\"name\": \"late1\", \"scope\": \"read\"}").text("id");
        String added2 = admin.post("/v1/api-keys", "{\"name\": \"late2\", \"scope\": \"read\"}").text("id");

        String cursor = first.text("next_cursor");
        while (cursor != null) {
            var page = admin.get("/v1/api-keys?limit=2&cursor=" + cursor).assertStatus(200);
            seen.addAll(ids(page.json()));
            cursor = page.text("next_cursor");
        }

        Set<String> expected = new HashSet<>(all);
        expected.remove(deletedUnseen);
        expected.add(added1);
        expected.add(added2);
        assertThat(seen).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(expected);
    }

    @Test
    void lastPageHasNoCursorAndLimitIsHonoured() {
        TestTenant tenant = newTenant("pro");
        tenant.admin().post("/v1/api-keys", "{\"name\": \"second\", \"scope\": \"read\"}").assertStatus(201);

        var page = tenant.admin().get("/v1/api-keys?limit=2").assertStatus(200);

        assertThat(ids(page.json())).hasSize(2);
        assertThat(page.json().get("next_cursor").isNull()).isTrue();
        var one = tenant.admin().get("/v1/api-keys?limit=1").assertStatus(200);
        assertThat(ids(one.json())).hasSize(1);
        assertThat(one.text("next_cursor")).isNotNull();
    }

    @Test
    void aCursorIsBoundToItsFilters() {
        newTenant("pro");
        newTenant("pro");
        var active = operator().get("/v1/tenants?status=active&limit=1").assertStatus(200);
        String cursor = active.text("next_cursor");
        assertThat(cursor).isNotNull();

        operator().get("/v1/tenants?status=active&limit=1&cursor=" + cursor).assertStatus(200);
        operator().get("/v1/tenants?limit=1&cursor=" + cursor).assertProblem(422, "validation_error");
        operator().get("/v1/tenants?status=suspended&limit=1&cursor=" + cursor).assertProblem(422, "validation_error");
    }

    private static List<String> ids(JsonNode page) {
        return page.get("data").valueStream().map(row -> row.get("id").asString()).toList();
    }
}
