package io.opsbench.platform.marketplace;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.support.Marketplace;
import io.opsbench.platform.support.Receiver;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class MarketplaceIntegrationTests extends IntegrationTest {

    @TempDir
    Path temp;

    @Test
    void theSampleBundleGoesFromSubmissionToASentSms() throws IOException {
        Marketplace market = new Marketplace(api(), operator());
        var submitted = market.submit(sampleBundle()).assertStatus(201);
        assertThat(submitted.text("status")).as(submitted.raw()).isEqualTo("pending_review");
        assertThat(submitted.text("plugin_id")).isEqualTo("io.opsbench.sample-sms");
        assertThat(checkNames(submitted.json())).containsExactly("archive_safety", "manifest", "version",
                "platform_compatibility", "extensions", "no_bundled_platform", "bytecode_scan", "config_schema",
                "sandbox_load");
        assertThat(submitted.text("sha256")).hasSize(64);

        // Not in the catalog until approved.
        TestTenant shop = newTenant("pro");
        shop.admin().get("/v1/marketplace/plugins/io.opsbench.sample-sms").assertProblem(404, "not_found");
        shop.admin().post("/v1/marketplace/submissions/" + submitted.text("id") + "/approve", "{}")
                .assertProblem(403, "forbidden");
        market.vendor().post("/v1/marketplace/submissions/" + submitted.text("id") + "/approve", "{}")
                .assertProblem(403, "forbidden");
        operator().post("/v1/marketplace/submissions/" + submitted.text("id") + "/approve", "{\"notes\": \"ok\"}")
                .assertStatus(200);

        var listing = shop.admin().get("/v1/marketplace/plugins?capability=sms").assertStatus(200);
        assertThat(listing.raw()).contains("io.opsbench.sample-sms");
        var detail = shop.admin().get("/v1/marketplace/plugins/io.opsbench.sample-sms").assertStatus(200);
        assertThat(detail.json().get("versions").get(0).get("config_schema").has("properties")).isTrue();

        try (Receiver receiver = new Receiver()) {
            var installed = shop.admin().post("/v1/plugins/installations", """
                    {"plugin_id": "io.opsbench.sample-sms",
                     "config": {"endpoint": "%s", "token": "s3cret-token"}}""".formatted(receiver.url("/sms")))
                    .assertStatus(201);
            assertThat(installed.text("status")).isEqualTo("active");
            assertThat(installed.raw()).doesNotContain("s3cret-token");
            assertThat(installed.json().get("secrets_set").toString()).contains("token");
            assertThat(shop.admin().get("/v1/plugins/installations/" + installed.text("id")).raw())
                    .doesNotContain("s3cret-token");

            var sent = shop.admin().post("/v1/notifications/sms", "{\"to\": \"+4915112345678\", \"body\": \"Your phone is ready\"}")
                    .assertStatus(202);

            assertThat(sent.text("provider_message_id")).isNotBlank();
            assertThat(receiver.received()).hasSize(1);
            Receiver.Received message = receiver.received().getFirst();
            assertThat(message.header("Authorization")).isEqualTo("Bearer s3cret-token");
            JsonNode body = json.readTree(message.body());
            assertThat(body.get("to").asString()).isEqualTo("+4915112345678");
            assertThat(body.get("body").asString()).isEqualTo("Your phone is ready");
        }
    }

    @Test
    void aFailingBundleIsRecordedAsRejectedWithTheReason() {
        Marketplace market = new Marketplace(api(), operator());
        var rejected = market.vendor().send("POST", "/v1/marketplace/submissions", "application/zip",
                HttpRequest.BodyPublishers.ofString("this is not a zip")).assertStatus(201);

        assertThat(rejected.text("status")).isEqualTo("rejected");
        JsonNode archive = rejected.json().get("checks").get(0);
        assertThat(archive.get("name").asString()).isEqualTo("archive_safety");
        assertThat(archive.get("status").asString()).isEqualTo("failed");
        assertThat(rejected.json().get("checks")).hasSize(9);
        assertThat(rejected.json().get("checks").get(8).get("status").asString()).isEqualTo("skipped");
        operator().post("/v1/marketplace/submissions/" + rejected.text("id") + "/approve", "{}")
                .assertProblem(409, "invalid_transition");
    }

    @Test
    void vendorsSeeOnlyTheirOwnSubmissionsAndTheOperatorSeesAll() {
        Marketplace first = new Marketplace(api(), operator());
        Marketplace second = new Marketplace(api(), operator());
        String id = first.submit(Marketplace.smsBundle(temp, "com.test.own-" + suffix(), "1.0.0",
                "return new SmsReceipt(\"x\");")).assertStatus(201).text("id");

        second.vendor().get("/v1/marketplace/submissions/" + id).assertProblem(404, "not_found");
        assertThat(second.vendor().get("/v1/marketplace/submissions").raw()).doesNotContain(id);
        assertThat(first.vendor().get("/v1/marketplace/submissions").raw()).contains(id);
        operator().get("/v1/marketplace/submissions/" + id).assertStatus(200);
        assertThat(operator().get("/v1/marketplace/submissions?status=pending_review&limit=200").raw()).contains(id);
        newTenant("pro").admin().get("/v1/marketplace/submissions").assertProblem(403, "forbidden");
    }

    @Test
    void aPluginIdBelongsToTheFirstVendorAndVersionsOnlyGoUp() {
        Marketplace owner = new Marketplace(api(), operator());
        Marketplace other = new Marketplace(api(), operator());
        String pluginId = "com.test.owned-" + suffix();
        owner.submit(Marketplace.smsBundle(temp, pluginId, "1.1.0", "return new SmsReceipt(\"x\");"))
                .assertStatus(201);

        var stolen = other.submit(Marketplace.smsBundle(temp.resolve("other"), pluginId, "2.0.0",
                "return new SmsReceipt(\"x\");")).assertStatus(201);
        var older = owner.submit(Marketplace.smsBundle(temp.resolve("older"), pluginId, "1.0.0",
                "return new SmsReceipt(\"x\");")).assertStatus(201);

        assertThat(stolen.text("status")).isEqualTo("rejected");
        assertThat(check(stolen.json(), "version").get("status").asString()).isEqualTo("failed");
        assertThat(older.text("status")).isEqualTo("rejected");
        assertThat(check(older.json(), "version").toString()).contains("1.1.0");
    }

    @Test
    void rejectionNeedsAReasonAndDecisionsHappenOnce() {
        Marketplace market = new Marketplace(api(), operator());
        String id = market.submit(Marketplace.smsBundle(temp, "com.test.reject-" + suffix(), "1.0.0",
                "return new SmsReceipt(\"x\");")).assertStatus(201).text("id");

        operator().post("/v1/marketplace/submissions/" + id + "/reject", "{}").assertProblem(422, "validation_error");
        var rejected = operator().post("/v1/marketplace/submissions/" + id + "/reject", "{\"reason\": \"no docs\"}")
                .assertStatus(200);
        assertThat(rejected.text("status")).isEqualTo("rejected");
        assertThat(rejected.text("decision_note")).isEqualTo("no docs");
        operator().post("/v1/marketplace/submissions/" + id + "/approve", "{}").assertProblem(409, "invalid_transition");
    }

    @Test
    void bundlesMayComeAsMultipartAndOversizedUploadsStoreNothing() throws IOException {
        Marketplace market = new Marketplace(api(), operator());
        Path bundle = Marketplace.smsBundle(temp, "com.test.multipart-" + suffix(), "1.0.0",
                "return new SmsReceipt(\"x\");");
        String boundary = "----opsbench" + suffix();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"bundle\"; filename=\"b.zip\"\r\n"
                + "Content-Type: application/zip\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] zip = Files.readAllBytes(bundle);
        byte[] body = new byte[head.length + zip.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(zip, 0, body, head.length, zip.length);
        System.arraycopy(tail, 0, body, head.length + zip.length, tail.length);

        var multipart = market.vendor().send("POST", "/v1/marketplace/submissions",
                "multipart/form-data; boundary=" + boundary, HttpRequest.BodyPublishers.ofByteArray(body))
                .assertStatus(201);
        assertThat(multipart.text("status")).isEqualTo("pending_review");

        int before = market.vendor().get("/v1/marketplace/submissions?limit=200").json().get("data").size();
        market.vendor().send("POST", "/v1/marketplace/submissions", "application/zip",
                HttpRequest.BodyPublishers.ofByteArray(new byte[3 * 1024 * 1024])).assertProblem(413, "payload_too_large");
        assertThat(market.vendor().get("/v1/marketplace/submissions?limit=200").json().get("data")).hasSize(before);
    }

    @Test
    void catalogEndpointsNeedAKey() {
        api().anonymous().get("/v1/marketplace/plugins").assertProblem(401, "unauthorized");
    }

    private static Path sampleBundle() throws IOException {
        try (DirectoryStream<Path> zips = Files.newDirectoryStream(Path.of("..", "sample-plugin", "target"),
                "*-bundle.zip")) {
            List<Path> found = new java.util.ArrayList<>();
            zips.forEach(found::add);
            assertThat(found).as("sample-plugin/target/*-bundle.zip (built before the platform)").hasSize(1);
            return found.getFirst();
        }
    }

    static List<String> checkNames(JsonNode submission) {
        return submission.get("checks").valueStream().map(c -> c.get("name").asString()).toList();
    }

    static JsonNode check(JsonNode submission, String name) {
        return submission.get("checks").valueStream().filter(c -> c.get("name").asString().equals(name))
                .findFirst().orElseThrow();
    }

    static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
