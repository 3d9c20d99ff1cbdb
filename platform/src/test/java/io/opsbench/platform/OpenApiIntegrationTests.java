package io.opsbench.platform;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OpenApiIntegrationTests extends IntegrationTest {

    @Test
    void servesOpenApi31WithWhoMayCallEachOperation() {
        JsonNode doc = api().anonymous().get("/v3/api-docs").assertStatus(200).json();

        assertThat(doc.get("openapi").asString()).startsWith("3.1");
        List<String> undocumented = new ArrayList<>();
        doc.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            JsonNode op = operation.getValue();
            String name = operation.getKey().toUpperCase() + " " + path.getKey();
            if (!op.has("x-principals")) {
                undocumented.add(name + " lacks x-principals");
            }
            if (op.get("x-principals") != null && op.get("x-principals").toString().contains("tenant")
                    && !op.has("x-required-scope")) {
                undocumented.add(name + " lacks x-required-scope");
            }
            if (!op.get("responses").has("401")) {
                undocumented.add(name + " lacks its 401 problem");
            }
        }));
        assertThat(undocumented).isEmpty();
        assertThat(doc.get("paths").has("/v1/tenants")).isTrue();
        assertThat(doc.get("paths").get("/v1/api-keys").get("post").get("x-required-scope").asString())
                .isEqualTo("admin");
        assertThat(doc.get("components").get("schemas").has("Problem")).isTrue();
    }
}
