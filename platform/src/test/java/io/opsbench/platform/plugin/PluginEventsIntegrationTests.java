package io.opsbench.platform.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.support.Marketplace;
import io.opsbench.platform.support.Receiver;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.pluginhost.testkit.TestBundles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

class PluginEventsIntegrationTests extends IntegrationTest {

    @TempDir
    Path temp;

    @Autowired
    PluginEventRepository deliveries;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void aSubscribedPluginReceivesTheEventTypesItsManifestNames() {
        TestTenant shop = newTenant("pro");
        try (Receiver receiver = new Receiver()) {
            install(shop, "context.http().send(io.opsbench.plugin.PluginHttpRequest.post(java.net.URI.create("
                    + "context.config().string(\"endpoint\")), \"application/json\", event.type() + \" \" + event.dataJson()));",
                    receiver.url("/events"));

            String customer = shop.admin().post("/v1/customers", "{\"name\": \"Listened\"}").text("id");
            String ticket = shop.admin().post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\"}"
                    .formatted(customer)).assertStatus(201).text("id");

            await().atMost(Duration.ofSeconds(20)).until(() -> !receiver.received().isEmpty());
            assertThat(receiver.received()).hasSize(1);
            assertThat(receiver.received().getFirst().body()).startsWith("ticket.created ").contains(ticket);
        }
    }

    @Test
    void aFailingListenerRetriesOnItsOwnWhileWebhooksAreDelivered() {
        TestTenant shop = newTenant("pro");
        try (Receiver hooks = new Receiver()) {
            String installation = install(shop, "throw new io.opsbench.plugin.PluginException(\"down\", \"listener is down\");",
                    "https://unused.example");
            shop.admin().post("/v1/webhook-endpoints", "{\"url\": \"%s\", \"events\": [\"ticket.*\"]}"
                    .formatted(hooks.url("/hooks"))).assertStatus(201);

            String customer = shop.admin().post("/v1/customers", "{\"name\": \"Failing\"}").text("id");
            shop.admin().post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\"}"
                    .formatted(customer)).assertStatus(201);

            await().atMost(Duration.ofSeconds(10)).until(() -> hooks.received().size() == 1);
            await().atMost(Duration.ofSeconds(20)).until(() -> statuses(shop, installation).equals(List.of("dead")));
        }
    }

    @Test
    void aBacklogForOneListenerWaitsForItsBulkheadInsteadOfBeingRefused() {
        TestTenant shop = newTenant("pro");
        try (Receiver receiver = new Receiver().slow(Duration.ofMillis(40))) {
            String installation = install(shop, "context.http().send(io.opsbench.plugin.PluginHttpRequest.post("
                    + "java.net.URI.create(context.config().string(\"endpoint\")), \"text/plain\", event.id()));",
                    receiver.url("/events"));
            // More events at once than the plugin version's bulkhead takes (4 threads, 32 waiting)
            insertTicketEvents(shop, 60);

            await().atMost(Duration.ofSeconds(20)).until(() -> receiver.received().size() >= 60);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(attempts(shop, installation))
                    .hasSize(60).containsOnly("delivered 1"));
        }
    }

    @Test
    void aSlowListenersBacklogHoldsUpNeitherAnotherTenantsListenerNorItself() {
        TestTenant slowShop = newTenant("pro");
        TestTenant otherShop = newTenant("pro");
        try (Receiver slow = new Receiver().slow(Duration.ofMillis(300)); Receiver fast = new Receiver()) {
            String send = "context.http().send(io.opsbench.plugin.PluginHttpRequest.post(java.net.URI.create("
                    + "context.config().string(\"endpoint\")), \"text/plain\", event.id()));";
            String slowInstallation = install(slowShop, send, slow.url("/events"));
            install(otherShop, send, fast.url("/events"));
            insertTicketEvents(slowShop, 40);
            String customer = otherShop.admin().post("/v1/customers", "{\"name\": \"Behind\"}").text("id");
            otherShop.admin().post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"x\"}"
                    .formatted(customer)).assertStatus(201);

            // the other tenant's event does not wait for the slow listener's backlog (40 calls of 300 ms, 4 at a time)
            await().atMost(Duration.ofSeconds(3)).until(() -> fast.received().size() == 1);
            assertThat(slow.received()).as("the slow listener is still working through its backlog").hasSizeLessThan(40);
            // and the slow listener's calls never wait in its bulkhead's queue past their timeout (1 s here)
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(attempts(slowShop, slowInstallation))
                    .hasSize(40).containsOnly("delivered 1"));
        }
    }

    private void insertTicketEvents(TestTenant shop, int count) {
        TenantScope.run(TenantId.of(shop.id()), () -> jdbc.sql("""
                INSERT INTO outbox_events (tenant_id, id, type, resource_type, resource_id, sequence, payload, created_at)
                SELECT :tenant, 'evt_' || replace(gen_random_uuid()::text, '-', ''), 'ticket.created', 'ticket',
                       gen_random_uuid(), 1, '{}'::jsonb, now()
                FROM generate_series(1, :count)
                """).param("tenant", shop.id()).param("count", count).update());
    }

    private List<String> attempts(TestTenant shop, String installation) {
        return TenantScope.call(TenantId.of(shop.id()), () -> jdbc.sql(
                "SELECT status || ' ' || attempts FROM plugin_event_deliveries WHERE installation_id = :id")
                .param("id", UUID.fromString(installation)).query(String.class).list());
    }

    private List<String> statuses(TestTenant shop, String installation) {
        return TenantScope.call(TenantId.of(shop.id()), () -> transactions.execute(tx ->
                deliveries.statuses(UUID.fromString(installation)).stream().map(row -> row[1]).toList()));
    }

    private String install(TestTenant shop, String onEvent, String endpoint) {
        String pluginId = "com.test.listener-" + UUID.randomUUID().toString().substring(0, 8);
        String manifest = """
                {"id": "%s", "name": "Listener", "version": "1.0.0", "vendor": "Tests", "description": "Listens",
                 "capabilities": ["events"], "platform": ">=1.0.0 <2.0.0", "events": ["ticket.*"],
                 "config_schema": {"type": "object", "properties": {"endpoint": {"type": "string", "format": "uri"}}}}
                """.formatted(pluginId);
        Path exploded = TestBundles.exploded(temp.resolve(pluginId), manifest, Map.of("test.plugin.Listener", """
                package test.plugin;
                import io.opsbench.plugin.PluginContext;
                import io.opsbench.plugin.events.*;
                import org.pf4j.Extension;
                @Extension
                public class Listener implements EventListener {
                    public void onEvent(PluginContext context, PlatformEvent event) {
                        %s
                    }
                }
                """.formatted(onEvent)));
        new Marketplace(api(), operator()).publish(TestBundles.zip(exploded, temp.resolve(pluginId + ".zip")));
        return shop.admin().post("/v1/plugins/installations", "{\"plugin_id\": \"%s\", \"config\": {\"endpoint\": \"%s\"}}"
                .formatted(pluginId, endpoint)).assertStatus(201).text("id");
    }
}
