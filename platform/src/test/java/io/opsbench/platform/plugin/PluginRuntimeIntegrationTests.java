package io.opsbench.platform.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.support.Marketplace;
import io.opsbench.plugin.PluginContext;
import io.opsbench.plugin.PluginConfig;
import io.opsbench.plugin.sms.SmsMessage;
import io.opsbench.plugin.sms.SmsSender;
import io.opsbench.pluginhost.LoadedPlugin;
import io.opsbench.pluginhost.testkit.TestBundles;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;

class PluginRuntimeIntegrationTests extends IntegrationTest {

    /** Answers with the plugin's version tag and the tenant's configured endpoint, so leaks show. */
    private static final String ECHO = """
            return new SmsReceipt("%s|" + context.config().string("endpoint") + "|" + context.tenantId());""";

    @TempDir
    Path temp;

    @Autowired
    PluginNode node;

    private Marketplace market;
    private String pluginId;

    @BeforeEach
    void vendor() {
        market = new Marketplace(api(), operator());
        pluginId = "com.test.echo-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void upgradesLiveAndUnloadsTheOldVersion() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("v1")));
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.1.0", ECHO.formatted("v2")));
        TestTenant shop = newTenant("pro");
        String installation = install(shop, "1.0.0", "https://one.example");
        assertThat(sendSms(shop.admin())).startsWith("v1|https://one.example");
        WeakReference<ClassLoader> oldLoader = new WeakReference<>(loaded("1.0.0").classLoader());

        var upgraded = shop.admin().patch("/v1/plugins/installations/" + installation, "{\"version\": \"1.1.0\"}")
                .assertStatus(200);

        assertThat(upgraded.text("version")).isEqualTo("1.1.0");
        assertThat(sendSms(shop.admin())).startsWith("v2|https://one.example");
        assertThat(node.runtime().find(pluginId + "@1.0.0")).isEmpty();
        awaitCollected(oldLoader);
    }

    @Test
    void twoTenantsRunTwoVersionsWithTheirOwnConfigAtOnce() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("v1")));
        market.publish(Marketplace.smsBundle(temp, pluginId, "2.0.0", ECHO.formatted("v2")));
        TestTenant a = newTenant("pro");
        TestTenant b = newTenant("business");
        install(a, "1.0.0", "https://a.example");
        install(b, "2.0.0", "https://b.example");

        for (int i = 0; i < 3; i++) {
            assertThat(sendSms(a.admin())).isEqualTo("v1|https://a.example|" + a.id());
            assertThat(sendSms(b.admin())).isEqualTo("v2|https://b.example|" + b.id());
        }
        assertThat(node.runtime().find(pluginId + "@1.0.0")).isPresent();
        assertThat(node.runtime().find(pluginId + "@2.0.0")).isPresent();
    }

    @Test
    void oneLoadedVersionServesEveryTenant() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("v1")));
        TestTenant a = newTenant("pro");
        TestTenant b = newTenant("pro");
        install(a, "1.0.0", "https://a.example");
        install(b, "1.0.0", "https://b.example");
        sendSms(a.admin());
        ClassLoader first = loaded("1.0.0").classLoader();

        assertThat(sendSms(b.admin())).isEqualTo("v1|https://b.example|" + b.id());
        assertThat(loaded("1.0.0").classLoader()).isSameAs(first);
    }

    @Test
    void uninstallingErasesTheInstallationAndUnloadsTheVersion() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("v1")));
        TestTenant shop = newTenant("pro");
        String installation = install(shop, "1.0.0", "https://one.example");
        sendSms(shop.admin());
        WeakReference<ClassLoader> loader = new WeakReference<>(loaded("1.0.0").classLoader());

        shop.admin().delete("/v1/plugins/installations/" + installation).assertStatus(204);

        shop.admin().get("/v1/plugins/installations/" + installation).assertProblem(404, "not_found");
        shop.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}")
                .assertProblem(409, "capability_unavailable");
        awaitCollected(loader);
        assertThat(shop.admin().get("/v1/events?type=plugin.installed").json().get("data")).hasSize(1);
        assertThat(shop.admin().get("/v1/events?type=plugin.uninstalled").raw()).contains(installation);
    }

    @Test
    void aYankSuspendsInstallationsAndLeavesTheCatalog() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("v1")));
        TestTenant shop = newTenant("pro");
        String installation = install(shop, "1.0.0", "https://one.example");
        sendSms(shop.admin());

        operator().post("/v1/marketplace/plugins/" + pluginId + "/versions/1.0.0/yank", "{\"reason\": \"leaks data\"}")
                .assertStatus(204);

        var refused = shop.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}")
                .assertProblem(409, "capability_unavailable");
        assertThat(refused.text("detail")).contains("suspended").contains("leaks data");
        assertThat(shop.admin().get("/v1/plugins/installations/" + installation).text("status")).isEqualTo("suspended");
        shop.admin().get("/v1/marketplace/plugins/" + pluginId).assertProblem(404, "not_found");
        await().atMost(Duration.ofSeconds(10)).until(() -> node.runtime().find(pluginId + "@1.0.0").isEmpty());
        var suspended = shop.admin().get("/v1/events?type=plugin.suspended").assertStatus(200).json().get("data");
        assertThat(suspended).hasSize(1);
        assertThat(suspended.get(0).get("data").get("reason").asString()).contains("leaks data");
    }

    @Test
    void aThrowingPluginFailsOnlyItsOwnCall() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0",
                "throw new io.opsbench.plugin.PluginException(\"gateway_down\", \"the gateway said no\");"));
        TestTenant shop = newTenant("pro");
        install(shop, "1.0.0", "https://one.example");

        var failed = shop.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}")
                .assertProblem(502, "plugin_error");

        assertThat(failed.text("plugin_id")).isEqualTo(pluginId);
        assertThat(failed.text("reason")).isEqualTo("error");
        assertThat(failed.text("detail")).contains("gateway_down");
        shop.admin().get("/v1/tenant").assertStatus(200);
        String metrics = operator().get("/actuator/prometheus").assertStatus(200).raw();
        assertThat(metrics).containsPattern("opsbench_plugin_calls_seconds_count\\{[^}]*outcome=\"error\"[^}]*plugin=\""
                + Pattern.quote(pluginId) + "\"");
    }

    @Test
    void anInstallationFailingRepeatedlyIsSuspendedUntilTheTenantResumesIt() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0",
                "throw new io.opsbench.plugin.PluginException(\"gateway_down\", \"the gateway said no\");"));
        TestTenant shop = newTenant("pro");
        String installation = install(shop, "1.0.0", "https://one.example");

        for (int i = 0; i < 3; i++) {
            shop.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}")
                    .assertProblem(502, "plugin_error");
        }

        var suspended = shop.admin().get("/v1/plugins/installations/" + installation).assertStatus(200);
        assertThat(suspended.text("status")).isEqualTo("suspended");
        assertThat(suspended.text("status_reason")).contains("3 failed calls");
        shop.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}")
                .assertProblem(409, "capability_unavailable");
        assertThat(shop.admin().get("/v1/events?type=plugin.suspended").json().get("data")).hasSize(1);

        var resumed = shop.admin().patch("/v1/plugins/installations/" + installation, "{\"enabled\": true}")
                .assertStatus(200);
        assertThat(resumed.text("status")).isEqualTo("active");
        assertThat(resumed.json().get("consecutive_failures").asInt()).isZero();
    }

    @Test
    void aSleepingPluginTimesOut() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0",
                "try { Thread.sleep(5_000); } catch (InterruptedException e) { Thread.currentThread().interrupt(); }"
                        + " return new SmsReceipt(\"late\");"));
        TestTenant shop = newTenant("pro");
        install(shop, "1.0.0", "https://one.example");

        var failed = shop.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}")
                .assertProblem(502, "plugin_error");

        assertThat(failed.text("reason")).isEqualTo("timeout");
    }

    @Test
    void aSpinningPluginDoesNotStopOtherTenantsCalls() throws Exception {
        String spinnerId = pluginId + "-spin";
        market.publish(Marketplace.smsBundle(temp, spinnerId, "1.0.0", """
                long end = System.nanoTime() + 3_000_000_000L; long x = 0;
                while (System.nanoTime() < end) { x++; }
                return new SmsReceipt("spun " + x);"""));
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("v1")));
        TestTenant spinning = newTenant("pro");
        TestTenant healthy = newTenant("pro");
        installPlugin(spinning, spinnerId, "1.0.0", "https://spin.example");
        install(healthy, "1.0.0", "https://ok.example");

        var spins = CompletableFuture.supplyAsync(() -> spinning.admin().post("/v1/notifications/sms",
                "{\"to\": \"+4915112345678\", \"body\": \"hi\"}"));
        var spins2 = CompletableFuture.supplyAsync(() -> spinning.admin().post("/v1/notifications/sms",
                "{\"to\": \"+4915112345678\", \"body\": \"hi\"}"));
        long started = System.nanoTime();
        for (int i = 0; i < 5; i++) {
            assertThat(sendSms(healthy.admin())).startsWith("v1|https://ok.example");
        }
        long healthyMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(spins.get().status()).isEqualTo(502);
        assertThat(spins2.get().text("reason")).isEqualTo("timeout");
        assertThat(healthyMillis).as("five calls of another tenant's plugin while one spins").isLessThan(2_500);
    }

    @Test
    void aTenantWhoseCallsHangHoldsUpNoOtherTenantOfTheSameVersion() throws Exception {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", """
                if (context.config().string("endpoint").contains("hang")) {
                    // a client library that swallows interrupts: the thread stays taken for 3 s whatever the timeout
                    long end = System.nanoTime() + 3_000_000_000L;
                    while (System.nanoTime() < end) {
                        try { Thread.sleep(50); } catch (InterruptedException ignored) { }
                    }
                }
                return new SmsReceipt("v1|" + context.config().string("endpoint") + "|" + context.tenantId());"""));
        TestTenant hanging = newTenant("pro");
        TestTenant healthy = newTenant("pro");
        install(hanging, "1.0.0", "https://hang.example");
        install(healthy, "1.0.0", "https://ok.example");

        // as many hanging calls as an installation runs at once (4): with one pool for the whole version they
        // held all of its threads, and their timeouts opened the version's breaker for every tenant
        List<CompletableFuture<Api.Response>> hangs = IntStream.range(0, 4).mapToObj(i -> CompletableFuture.supplyAsync(
                () -> hanging.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}"),
                Thread::startVirtualThread)).toList();
        await().atMost(Duration.ofSeconds(5)).until(() -> versionThreads(pluginId + "@1.0.0") >= 4);

        assertThat(sendSms(healthy.admin())).isEqualTo("v1|https://ok.example|" + healthy.id());
        for (CompletableFuture<Api.Response> hang : hangs) {
            assertThat(hang.get().assertProblem(502, "plugin_error").text("reason")).isEqualTo("timeout");
        }
        assertThat(sendSms(healthy.admin())).as("after four timeouts of another installation")
                .isEqualTo("v1|https://ok.example|" + healthy.id());
        // the four threads still run after their callers gave up, and the node says so
        assertThat(versionThreads(pluginId + "@1.0.0")).isGreaterThanOrEqualTo(4);
        String metrics = operator().get("/actuator/prometheus").assertStatus(200).raw();
        assertThat(gauge(metrics, "opsbench_plugin_calls_abandoned")).isGreaterThanOrEqualTo(4);
        assertThat(gauge(metrics, "opsbench_plugin_calls_running")).isGreaterThanOrEqualTo(4);
    }

    private static double gauge(String prometheus, String name) {
        var line = Pattern.compile("^" + name + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE)
                .matcher(prometheus);
        assertThat(line.find()).as(name + " published").isTrue();
        return Double.parseDouble(line.group(2));
    }

    private static long versionThreads(String pluginKey) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("plugin-" + pluginKey + "-")).count();
    }

    @Test
    void aPluginCannotLoadPlatformClasses() throws Exception {
        // Loaded straight into the node's runtime: review would refuse Class.forName before it got here.
        Path exploded = TestBundles.exploded(temp.resolve("escape"),
                TestBundles.manifest("com.test.escape-" + UUID.randomUUID().toString().substring(0, 8), "1.0.0",
                        "\"sms\"", ">=1.0.0 <2.0.0"),
                Map.of("test.plugin.Escape", """
                        package test.plugin;
                        import io.opsbench.plugin.PluginContext;
                        import io.opsbench.plugin.sms.*;
                        import org.pf4j.Extension;
                        @Extension
                        public class Escape implements SmsSender {
                            public SmsReceipt send(PluginContext context, SmsMessage message) {
                                String[] targets = {"io.opsbench.platform.OpsbenchApplication",
                                        "org.springframework.context.ApplicationContext", "com.zaxxer.hikari.HikariDataSource"};
                                StringBuilder seen = new StringBuilder();
                                for (String name : targets) {
                                    try {
                                        Class.forName(name);
                                        seen.append("loaded ").append(name).append(';');
                                    } catch (ClassNotFoundException e) {
                                        seen.append("refused;");
                                    }
                                }
                                return new SmsReceipt(seen.toString());
                            }
                        }
                        """));
        LoadedPlugin plugin = node.runtime().load(exploded);
        try {
            String answer = node.runtime().calls().call(plugin, SmsSender.class,
                    sender -> sender.send(context(), new SmsMessage("+4915112345678", "hi")).providerMessageId());
            assertThat(answer).isEqualTo("refused;refused;refused;");
        } finally {
            node.runtime().unload(plugin);
        }
    }

    @Test
    void marketplaceInstallsNeedAPaidPlanValidConfigAndAnApprovedRelease() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("v1")));
        TestTenant starter = newTenant("starter");
        TestTenant pro = newTenant("pro");

        starter.admin().post("/v1/plugins/installations", "{\"plugin_id\": \"%s\", \"config\": {}}".formatted(pluginId))
                .assertProblem(402, "payment_required");
        pro.admin().post("/v1/plugins/installations", "{\"plugin_id\": \"com.test.nothing\", \"config\": {}}")
                .assertProblem(404, "not_found");
        var invalid = pro.admin().post("/v1/plugins/installations",
                "{\"plugin_id\": \"%s\", \"config\": {\"endpoint\": 12}}".formatted(pluginId))
                .assertProblem(422, "validation_error");
        assertThat(invalid.json().get("errors").get(0).get("pointer").asString()).isEqualTo("/config/endpoint");
        var write = api().as(pro.admin().post("/v1/api-keys", "{\"name\": \"w\", \"scope\": \"write\"}").text("key"));
        write.get("/v1/plugins/installations").assertProblem(403, "forbidden");
    }

    @Test
    void configIsMergedAndSecretsAreNeverReturned() {
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("v1")));
        TestTenant shop = newTenant("pro");
        var installed = shop.admin().post("/v1/plugins/installations", """
                {"plugin_id": "%s", "config": {"endpoint": "https://one.example", "token": "tok-1"}}"""
                .formatted(pluginId)).assertStatus(201);
        String id = installed.text("id");

        var changed = shop.admin().patch("/v1/plugins/installations/" + id,
                "{\"config\": {\"endpoint\": \"https://two.example\"}}").assertStatus(200);
        assertThat(changed.json().get("secrets_set").toString()).contains("token");
        assertThat(changed.raw()).doesNotContain("tok-1");
        assertThat(sendSms(shop.admin())).startsWith("v1|https://two.example");

        var cleared = shop.admin().patch("/v1/plugins/installations/" + id, "{\"config\": {\"token\": null}}")
                .assertStatus(200);
        assertThat(cleared.json().get("secrets_set")).isEmpty();
        shop.admin().patch("/v1/plugins/installations/" + id, "{\"enabled\": false}").assertStatus(200);
        shop.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}")
                .assertProblem(409, "capability_unavailable");
    }

    @Test
    void theTenantPicksWhichInstallationServesACapability() {
        String otherId = pluginId + "-b";
        market.publish(Marketplace.smsBundle(temp, pluginId, "1.0.0", ECHO.formatted("first")));
        market.publish(Marketplace.smsBundle(temp, otherId, "1.0.0", ECHO.formatted("second")));
        TestTenant shop = newTenant("pro");
        install(shop, "1.0.0", "https://one.example");
        String second = installPlugin(shop, otherId, "1.0.0", "https://two.example");
        assertThat(sendSms(shop.admin())).startsWith("first|");

        shop.admin().send("PUT", "/v1/capabilities/sms", "application/json",
                java.net.http.HttpRequest.BodyPublishers.ofString("{\"installation_id\": \"%s\"}".formatted(second)))
                .assertStatus(200);

        assertThat(sendSms(shop.admin())).startsWith("second|");
        var capabilities = shop.admin().get("/v1/capabilities").assertStatus(200);
        assertThat(capabilities.raw()).contains(second);
    }

    private String install(TestTenant tenant, String version, String endpoint) {
        return installPlugin(tenant, pluginId, version, endpoint);
    }

    private static String installPlugin(TestTenant tenant, String plugin, String version, String endpoint) {
        return tenant.admin().post("/v1/plugins/installations", """
                {"plugin_id": "%s", "version": "%s", "config": {"endpoint": "%s"}}"""
                .formatted(plugin, version, endpoint)).assertStatus(201).text("id");
    }

    private static String sendSms(Api.Client client) {
        return client.post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"hi\"}")
                .assertStatus(202).text("provider_message_id");
    }

    private LoadedPlugin loaded(String version) {
        return node.runtime().find(pluginId + "@" + version).orElseThrow();
    }

    private static void awaitCollected(WeakReference<ClassLoader> loader) {
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            System.gc();
            return loader.get() == null;
        });
    }

    private static PluginContext context() {
        return new PluginContext() {
            public String tenantId() { return "t"; }
            public String installationId() { return "i"; }
            public PluginConfig config() { return PluginConfig.empty(); }
            public io.opsbench.plugin.PluginLogger logger() { return null; }
            public java.time.Clock clock() { return java.time.Clock.systemUTC(); }
            public String platformApiVersion() { return "1.0.0"; }
            public io.opsbench.plugin.PluginHttp http() { return null; }
        };
    }
}
