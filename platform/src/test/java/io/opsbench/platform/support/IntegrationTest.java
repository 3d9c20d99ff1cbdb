package io.opsbench.platform.support;

import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;

/**
 * Base of every test that needs the running platform: one application context per test JVM, on the
 * one embedded PostgreSQL, served on a random port and called over real HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("test")
public abstract class IntegrationTest {

    public static final String OPERATOR_KEY = "ob_op_integrationTestsOperatorKey0000000";

    @LocalServerPort
    private int port;

    @Autowired
    protected tools.jackson.databind.json.JsonMapper json;

    protected Api api() {
        return new Api(port, json);
    }

    protected Api.Client operator() {
        return api().as(OPERATOR_KEY);
    }

    /** A new tenant on the given plan, with a client holding its first admin key. */
    protected TestTenant newTenant(String plan) {
        String name = "Shop " + UUID.randomUUID();
        var created = operator().post("/v1/tenants", "{\"name\": \"%s\", \"plan\": \"%s\"}".formatted(name, plan));
        created.assertStatus(201);
        return new TestTenant(UUID.fromString(created.text("id")), name, api().as(created.text("api_key")));
    }

    public record TestTenant(UUID id, String name, Api.Client admin) {
    }
}
