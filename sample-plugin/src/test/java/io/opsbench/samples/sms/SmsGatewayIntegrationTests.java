package io.opsbench.samples.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opsbench.plugin.sms.SmsMessage;
import io.opsbench.plugin.sms.SmsReceipt;
import io.opsbench.plugin.sms.SmsSender;
import io.opsbench.pluginhost.PluginCallFailed;
import io.opsbench.pluginhost.archive.ArchiveLimits;
import io.opsbench.pluginhost.archive.BundleArchive;
import io.opsbench.pluginhost.manifest.Violation;
import io.opsbench.pluginhost.testkit.PluginTestKit;
import io.opsbench.pluginhost.testkit.TestPluginContext;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Loads the bundle this build packaged, as the platform will, and sends SMS to a real local HTTP server.
 */
class SmsGatewayIntegrationTests {

    private record Received(String path, String method, String contentType, String authorization, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile int status = 202;
    private HttpServer server;
    private PluginTestKit kit;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::receive);
        server.start();
        kit = PluginTestKit.load(bundle());
    }

    @AfterEach
    void stop() {
        kit.close();
        server.stop(0);
    }

    @Test
    void theBundleHasTheManifestClassesAndExtensionIndexAndNoPlatformClasses() {
        BundleArchive archive = BundleArchive.read(bundle(), ArchiveLimits.DEFAULTS);

        assertThat(archive.fileNames()).contains("manifest.json", "classes/META-INF/extensions.idx",
            "classes/io/opsbench/samples/sms/HttpSmsSender.class");
        assertThat(new String(archive.content("classes/META-INF/extensions.idx").orElseThrow(), StandardCharsets.UTF_8))
            .contains("io.opsbench.samples.sms.HttpSmsSender");
        assertThat(archive.fileNames()).noneMatch(name -> name.contains("io/opsbench/plugin/") || name.contains("org/pf4j/"));
        assertThat(kit.manifest().pluginKey()).isEqualTo("io.opsbench.sample-sms@1.0.0");
    }

    @Test
    void postsTheMessageAsJsonWithTheBearerToken() {
        TestPluginContext context = context("tenant-a", "/a/send", "s3cret-token");

        SmsReceipt receipt = kit.call(SmsSender.class,
            sender -> sender.send(context, new SmsMessage("+4915112345678", "Your \"phone\" is ready.\nPick it up at 5.")));

        assertThat(receipt.providerMessageId()).isEqualTo("msg-1");
        assertThat(received).containsExactly(new Received("/a/send", "POST", "application/json", "Bearer s3cret-token",
            "{\"to\":\"+4915112345678\",\"body\":\"Your \\\"phone\\\" is ready.\\nPick it up at 5.\"}"));
    }

    @Test
    void sendsNoAuthorizationWithoutAToken() {
        TestPluginContext context = TestPluginContext.builder().config("endpoint", url("/open")).build();

        kit.call(SmsSender.class, sender -> sender.send(context, new SmsMessage("+4915112345678", "Hi")));

        assertThat(received).singleElement().extracting(Received::authorization).isNull();
    }

    @Test
    void reportsAGatewayErrorAsARetryablePluginException() {
        status = 503;
        TestPluginContext context = context("tenant-a", "/a/send", "s3cret-token");

        assertThatThrownBy(() -> kit.call(SmsSender.class, sender -> sender.send(context, new SmsMessage("+4915112345678", "Hi"))))
            .isInstanceOfSatisfying(PluginCallFailed.class, e -> {
                assertThat(e.reason()).isEqualTo(PluginCallFailed.Reason.ERROR);
                assertThat(e.pluginException()).hasValueSatisfying(p -> {
                    assertThat(p.code()).isEqualTo("gateway_unavailable");
                    assertThat(p.retryable()).isTrue();
                });
            });
    }

    @Test
    void theConfigSchemaRequiresAnEndpointAndKeepsTheTokenSecret() {
        assertThat(kit.validateConfig(Map.of()).violations()).extracting(Violation::pointer).containsExactly("/endpoint");
        assertThat(kit.validateConfig(Map.of("endpoint", "ftp://example.com")).isValid()).isFalse();
        assertThat(kit.validateConfig(Map.of("endpoint", "https://sms.example.com/send", "token", "t")).secretProperties())
            .containsExactly("token");
    }

    @Test
    void keepsNoTenantStateBetweenCalls() {
        kit.assertNoLeakBetweenTenants(SmsSender.class,
            context("tenant-a", "/a/send", "token-of-a"), context("tenant-b", "/b/send", "token-of-b"),
            (sender, context) -> sender.send(context, new SmsMessage("+4915112345678", "Hi")));
    }

    private TestPluginContext context(String tenant, String path, String token) {
        return TestPluginContext.builder().tenantId(tenant).installationId("installation-" + tenant)
            .config(Map.of("endpoint", url(path), "token", token)).build();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void receive(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(exchange.getRequestURI().getPath(), exchange.getRequestMethod(),
            exchange.getRequestHeaders().getFirst("Content-Type"), exchange.getRequestHeaders().getFirst("Authorization"), body));
        byte[] answer = ("{\"id\":\"msg-" + received.size() + "\"}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
    }

    private static Path bundle() {
        Path target = Path.of(System.getProperty("bundle.directory", "target"));
        try (Stream<Path> files = Files.list(target)) {
            List<Path> bundles = files.filter(f -> f.getFileName().toString().endsWith("-bundle.zip")).toList();
            assertThat(bundles).as("exactly one bundle in " + target + "; run mvn verify").hasSize(1);
            return bundles.getFirst();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
