package io.opsbench.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.support.IntegrationTest;
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
    record Victim(TestTenant tenant, String apiKeyId) {
    }

    /** For each path pattern with variables: the values that point at A's resource. */
    private static final Map<String, Function<Victim, Map<String, String>>> TARGETS = Map.of(
            "/v1/api-keys/{id}", victim -> Map.of("id", victim.apiKeyId()));

    /** Writes without an id act on the caller's own tenant; each needs a valid body. */
    private static final Map<String, String> OWN_TENANT_WRITES = Map.of(
            "POST /v1/api-keys", "{\"name\": \"cross-tenant probe\", \"scope\": \"read\"}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyTenantEndpointHidesOtherTenantsData() {
        TestTenant a = newTenant("enterprise");
        TestTenant b = newTenant("enterprise");
        String keyOfA = a.admin().get("/v1/api-keys").json().get("data").get(0).get("id").asString();
        Victim victim = new Victim(a, keyOfA);
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
        assertThat(probed).isGreaterThanOrEqualTo(4);
        // A's data survived B's attempts.
        assertThat(a.admin().get("/v1/api-keys").assertStatus(200).raw()).contains(keyOfA);
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
        if (pattern.contains("{")) {
            Function<Victim, Map<String, String>> target = TARGETS.get(pattern);
            if (target == null) {
                missing.add(endpoint);
                return false;
            }
            String path = pattern;
            for (var variable : target.apply(victim).entrySet()) {
                path = path.replace("{" + variable.getKey() + "}", variable.getValue());
            }
            var response = switch (method) {
                case "GET" -> intruder.admin().get(path);
                case "DELETE" -> intruder.admin().delete(path);
                case "PATCH" -> intruder.admin().patch(path, "{}");
                default -> intruder.admin().post(path, OWN_TENANT_WRITES.getOrDefault(endpoint, "{}"));
            };
            response.assertProblem(404, "not_found");
            return true;
        }
        if (method.equals("GET")) {
            String body = intruder.admin().get(pattern).assertStatus(200).raw();
            assertThat(body).as(endpoint).doesNotContain(victim.tenant().id().toString())
                    .doesNotContain(victim.apiKeyId()).doesNotContain(victim.tenant().name());
            return true;
        }
        String write = OWN_TENANT_WRITES.get(endpoint);
        if (write == null) {
            missing.add(endpoint);
            return false;
        }
        var response = intruder.admin().post(pattern, write);
        assertThat(response.status()).as(endpoint).isBetween(200, 299);
        assertThat(response.raw()).doesNotContain(victim.tenant().id().toString());
        return true;
    }

    private static List<String> patterns(RequestMappingInfo info) {
        return new ArrayList<>(info.getPatternValues());
    }
}
