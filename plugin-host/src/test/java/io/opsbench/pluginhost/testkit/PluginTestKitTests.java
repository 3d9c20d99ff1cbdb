package io.opsbench.pluginhost.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.plugin.sms.SmsMessage;
import io.opsbench.plugin.sms.SmsSender;

import io.opsbench.pluginhost.archive.BundleRejected;
import io.opsbench.pluginhost.manifest.Violation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginTestKitTests {

    private static final String REMEMBERING_SENDER = """
        package com.example.leaky;

        import io.opsbench.plugin.PluginContext;
        import io.opsbench.plugin.sms.SmsMessage;
        import io.opsbench.plugin.sms.SmsReceipt;
        import io.opsbench.plugin.sms.SmsSender;
        import org.pf4j.Extension;

        @Extension
        public class RememberingSender implements SmsSender {

            private String firstToken;

            @Override
            public SmsReceipt send(PluginContext context, SmsMessage message) {
                if (%s) {
                    // The bug the kit is for: tenant configuration cached in a shared extension instance.
                    firstToken = context.config().string("token");
                }
                String token = firstToken != null ? firstToken : context.config().string("token");
                return new SmsReceipt("sent-with-" + token);
            }
        }
        """;

    @TempDir
    Path temp;

    private final TestPluginContext tenantA = TestPluginContext.builder()
        .tenantId("tenant-a").installationId("installation-a").config("token", "secret-of-a").build();
    private final TestPluginContext tenantB = TestPluginContext.builder()
        .tenantId("tenant-b").installationId("installation-b").config("token", "secret-of-b").build();

    @Test
    void loadsABuiltBundleZipAndCallsItLikeThePlatform() {
        try (PluginTestKit kit = PluginTestKit.load(bundle("clean", "false"))) {
            assertThat(kit.manifest().id()).isEqualTo("com.example.leaky");
            assertThat(kit.call(SmsSender.class, sender -> sender.send(tenantA, new SmsMessage("+4915112345678", "hi"))).providerMessageId())
                .isEqualTo("sent-with-secret-of-a");
            assertThat(kit.validateConfig(Map.of("endpoint", "https://sms.example.com", "token", "t")).isValid()).isTrue();
            assertThat(kit.validateConfig(Map.of("endpoint", "not a uri")).violations()).extracting(Violation::pointer).containsExactly("/endpoint");
            assertThat(kit.validateConfig(Map.of()).secretProperties()).containsExactly("token");
        }
    }

    @Test
    void passesAnExtensionThatKeepsNoTenantState() {
        try (PluginTestKit kit = PluginTestKit.load(bundle("clean", "false"))) {
            assertThatCode(() -> kit.assertNoLeakBetweenTenants(SmsSender.class, tenantA, tenantB,
                (sender, context) -> sender.send(context, new SmsMessage("+4915112345678", "hi")))).doesNotThrowAnyException();
        }
    }

    @Test
    void catchesAnExtensionThatRemembersATenantsSecret() {
        try (PluginTestKit kit = PluginTestKit.load(bundle("leaky", "firstToken == null"))) {
            assertThatThrownBy(() -> kit.assertNoLeakBetweenTenants(SmsSender.class, tenantA, tenantB,
                (sender, context) -> sender.send(context, new SmsMessage("+4915112345678", "hi"))))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("config 'token'")
                .hasMessageNotContaining("secret-of-a");
        }
    }

    @Test
    void refusesAnUnsafeZipBeforeLoadingAnything() throws Exception {
        Path zip = Files.write(temp.resolve("not-a-bundle.zip"), "garbage".getBytes());
        assertThatThrownBy(() -> PluginTestKit.load(zip)).isInstanceOf(BundleRejected.class);
    }

    private Path bundle(String name, String remembers) {
        Path exploded = TestBundles.exploded(temp.resolve(name), TestBundles.manifest("com.example.leaky", "1.0.0", "\"sms\"", ">=1.0.0 <2.0.0"),
            Map.of("com.example.leaky.RememberingSender", REMEMBERING_SENDER.formatted(remembers)));
        return TestBundles.zip(exploded, temp.resolve(name + ".zip"));
    }
}
