package io.opsbench.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.IntegrationTest;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ProblemIntegrationTests extends IntegrationTest {

    @Test
    void malformedJsonIs400() {
        operator().post("/v1/tenants", "{\"name\": ").assertProblem(400, "malformed_request");
        operator().post("/v1/tenants", "").assertProblem(400, "malformed_request");
    }

    @Test
    void missingFieldsAreNamedByPointer() {
        var problem = operator().post("/v1/tenants", "{}").assertProblem(422, "validation_error");

        assertThat(pointers(problem.json())).containsExactlyInAnyOrder("/name", "/plan");
    }

    @Test
    void unknownFieldsAreRefused() {
        var problem = operator().post("/v1/tenants", "{\"name\": \"a\", \"plan\": \"pro\", \"colour\": \"red\"}")
                .assertProblem(422, "validation_error");

        assertThat(pointers(problem.json())).containsExactly("/colour");
    }

    @Test
    void wrongTypesAndValuesAreNamed() {
        var badEnum = operator().post("/v1/tenants", "{\"name\": \"a\", \"plan\": \"gold\"}")
                .assertProblem(422, "validation_error");
        assertThat(badEnum.json().get("errors").get(0).get("message").asString())
                .contains("starter, pro, business, enterprise");

        var wrongShape = operator().post("/v1/tenants", "{\"name\": [1], \"plan\": \"pro\"}")
                .assertProblem(422, "validation_error");
        assertThat(pointers(wrongShape.json())).containsExactly("/name");
    }

    @Test
    void unparseableIdIs404() {
        operator().get("/v1/tenants/not-a-uuid").assertProblem(404, "not_found");
        operator().get("/v1/tenants/0198a000-0000-7000-8000-000000000000").assertProblem(404, "not_found");
    }

    @Test
    void wrongContentTypeIs415() {
        operator().send("POST", "/v1/tenants", "text/plain", HttpRequest.BodyPublishers.ofString("hello"))
                .assertProblem(415, "unsupported_media_type");
    }

    @Test
    void oversizedBodyIs413WithOrWithoutContentLength() {
        String big = "{\"name\": \"" + "x".repeat(70 * 1024) + "\", \"plan\": \"pro\"}";
        operator().post("/v1/tenants", big).assertProblem(413, "payload_too_large");

        var chunked = HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofString(big));
        operator().send("POST", "/v1/tenants", "application/json", chunked).assertProblem(413, "payload_too_large");
    }

    @Test
    void invalidQueryParametersAreNamed() {
        var limit = operator().get("/v1/tenants?limit=0").assertProblem(422, "validation_error");
        assertThat(limit.json().get("errors").get(0).get("parameter").asString()).isEqualTo("limit");

        var cursor = operator().get("/v1/tenants?cursor=garbage").assertProblem(422, "validation_error");
        assertThat(cursor.json().get("errors").get(0).get("parameter").asString()).isEqualTo("cursor");

        var status = operator().get("/v1/tenants?status=deleted").assertProblem(422, "validation_error");
        assertThat(status.json().get("errors").get(0).get("parameter").asString()).isEqualTo("status");
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() {
        operator().get("/v1/nowhere").assertProblem(404, "not_found");
        var method = operator().send("PUT", "/v1/tenants").assertProblem(405, "method_not_allowed");
        assertThat(method.header("Allow")).contains("GET", "POST");
    }

    /** Pattern routes ({@code /v1/tenants/{id}}) are looked up path first; method, media type and path still decide. */
    @Test
    void patternRoutesAnswerByPathMethodAndMediaType() {
        String tenant = "/v1/tenants/" + operator().post("/v1/tenants", "{\"name\": \"Routes\", \"plan\": \"pro\"}")
                .assertStatus(201).text("id");

        operator().get(tenant).assertStatus(200);
        operator().get(tenant.replace("/tenants/", "/tenant%73/")).assertStatus(200); // matched decoded, as Spring does
        operator().get(tenant + "/nowhere").assertProblem(404, "not_found");
        var method = operator().send("PUT", tenant).assertProblem(405, "method_not_allowed");
        assertThat(method.header("Allow")).contains("GET", "PATCH").doesNotContain("POST");
        operator().request("GET", tenant, null, java.util.Map.of("Accept", "text/html"))
                .assertProblem(406, "not_acceptable");
        operator().send("PATCH", tenant, "text/plain", HttpRequest.BodyPublishers.ofString("plan=pro"))
                .assertProblem(415, "unsupported_media_type");
        operator().post(tenant + "/api-keys").assertStatus(201);
    }

    private static java.util.List<String> pointers(JsonNode problem) {
        return problem.get("errors").valueStream().map(error -> error.get("pointer").asString()).toList();
    }
}
