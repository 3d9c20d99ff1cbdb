package io.opsbench.platform.support;

import io.opsbench.pluginhost.testkit.TestBundles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** Builds, submits and approves plugin bundles through the real marketplace endpoints. */
public final class Marketplace {

    private final Api api;
    private final Api.Client operator;
    private final Api.Client vendor;

    public Marketplace(Api api, Api.Client operator) {
        this.api = api;
        this.operator = operator;
        var created = operator.post("/v1/vendors",
                "{\"name\": \"Vendor %s\", \"email\": \"dev@vendor.test\"}".formatted(UUID.randomUUID()));
        created.assertStatus(201);
        this.vendor = api.as(created.text("api_key"));
    }

    public Api.Client vendor() {
        return vendor;
    }

    /** An SMS plugin whose extension body is given; it sees {@code context} and {@code message}. */
    public static Path smsBundle(Path dir, String pluginId, String version, String sendBody) {
        String source = """
                package test.plugin;

                import io.opsbench.plugin.PluginContext;
                import io.opsbench.plugin.sms.SmsMessage;
                import io.opsbench.plugin.sms.SmsReceipt;
                import io.opsbench.plugin.sms.SmsSender;
                import org.pf4j.Extension;

                @Extension
                public class TestSms implements SmsSender {
                    @Override
                    public SmsReceipt send(PluginContext context, SmsMessage message) {
                        %s
                    }
                }
                """.formatted(sendBody);
        try {
            Path exploded = TestBundles.exploded(Files.createDirectories(dir.resolve(pluginId + "-" + version)),
                    TestBundles.manifest(pluginId, version, "\"sms\"", ">=1.0.0 <2.0.0"),
                    Map.of("test.plugin.TestSms", source));
            return TestBundles.zip(exploded, dir.resolve(pluginId + "-" + version + ".zip"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Api.Response submit(Path bundle) {
        try {
            return vendor.send("POST", "/v1/marketplace/submissions", "application/zip",
                    HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(bundle)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Submits and approves; returns the approved submission. */
    public Api.Response publish(Path bundle) {
        var submission = submit(bundle).assertStatus(201);
        if (!"pending_review".equals(submission.text("status"))) {
            throw new AssertionError("Submission did not pass the automated checks: " + submission.raw());
        }
        return operator.post("/v1/marketplace/submissions/" + submission.text("id") + "/approve",
                "{\"notes\": \"looks good\"}").assertStatus(200);
    }

    public Api api() {
        return api;
    }
}
