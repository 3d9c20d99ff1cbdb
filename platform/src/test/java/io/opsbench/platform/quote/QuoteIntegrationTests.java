package io.opsbench.platform.quote;

import static org.assertj.core.api.Assertions.assertThat;

import io.opsbench.platform.support.Api;
import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.support.Marketplace;
import io.opsbench.platform.support.Receiver;
import io.opsbench.pluginhost.testkit.TestBundles;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuoteIntegrationTests extends IntegrationTest {

    private static final String LINES = """
            [{"description": "Display assembly", "quantity": 2, "unit_price": 1999, "tax_rate_bps": 1900},
             {"description": "Labour (hours)", "quantity": 1.5, "unit_price": 333, "tax_rate_bps": 700},
             {"description": "Adhesive", "quantity": 0.333, "unit_price": 100}]""";

    @TempDir
    Path temp;

    private TestTenant shop;
    private Api.Client admin;
    private String customer;

    @BeforeEach
    void shop() {
        shop = newTenant("pro");
        admin = shop.admin();
        customer = admin.post("/v1/customers", "{\"name\": \"Mia Chen\", \"email\": \"mia@example.com\"}")
                .assertStatus(201).text("id");
    }

    @Test
    void linesAndTotalsAreRoundedHalfUpToTheMinorUnit() {
        var quote = draft(customer, null);

        assertThat(quote.text("number")).matches("Q-\\d{6}");
        var lines = quote.json().get("line_items");
        // 2 × 1999 = 3998, tax 19% = 759.62 → 760
        assertThat(lines.get(0).get("subtotal").asLong()).isEqualTo(3998);
        assertThat(lines.get(0).get("tax").asLong()).isEqualTo(760);
        assertThat(lines.get(0).get("total").asLong()).isEqualTo(4758);
        // 1.5 × 333 = 499.5 → 500, tax 7% = 35
        assertThat(lines.get(1).get("subtotal").asLong()).isEqualTo(500);
        assertThat(lines.get(1).get("tax").asLong()).isEqualTo(35);
        // 0.333 × 100 = 33.3 → 33, no tax
        assertThat(lines.get(2).get("subtotal").asLong()).isEqualTo(33);
        assertThat(quote.json().get("subtotal").asLong()).isEqualTo(4531);
        assertThat(quote.json().get("tax").asLong()).isEqualTo(795);
        assertThat(quote.json().get("total").asLong()).isEqualTo(5326);
        assertThat(quote.text("currency")).isEqualTo("EUR");
    }

    @Test
    void lineItemsAreValidated() {
        var problem = admin.post("/v1/quotes", """
                {"customer_id": "%s", "line_items": [{"description": "x", "quantity": 1.0001, "unit_price": -1}]}"""
                .formatted(customer)).assertProblem(422, "validation_error");
        assertThat(problem.json().get("errors").toString()).contains("/line_items/0/quantity", "/line_items/0/unit_price");
        admin.post("/v1/quotes", "{\"customer_id\": \"%s\", \"currency\": \"XYZ\"}".formatted(customer))
                .assertProblem(422, "validation_error");
    }

    @Test
    void sendingNeedsAnEmailCapabilityAndACustomerEmail() {
        String id = draft(customer, null).text("id");
        admin.post("/v1/quotes/" + id + "/send").assertProblem(409, "capability_unavailable");

        String mute = admin.post("/v1/customers", "{\"name\": \"No Mail\"}").text("id");
        String other = draft(mute, null).text("id");
        try (Receiver receiver = new Receiver()) {
            installEmailPlugin(receiver);
            admin.post("/v1/quotes/" + other + "/send").assertProblem(422, "validation_error");
        }
    }

    @Test
    void aSentQuoteIsEmailedWithItsLinesAndTotalsAndIsNoLongerEditable() {
        String id = draft(customer, null).text("id");
        try (Receiver receiver = new Receiver()) {
            installEmailPlugin(receiver);

            var sent = admin.post("/v1/quotes/" + id + "/send").assertStatus(200);

            assertThat(sent.text("status")).isEqualTo("sent");
            assertThat(sent.text("email_message_id")).isNotBlank();
            assertThat(receiver.received()).hasSize(1);
            String email = receiver.received().getFirst().body();
            assertThat(email).contains("to=mia@example.com", "Display assembly", "Total: 53.26 EUR", "<table>");
        }
        admin.patch("/v1/quotes/" + id, "{\"currency\": \"USD\"}").assertProblem(409, "quote_not_editable");
        admin.post("/v1/quotes/" + id + "/send").assertProblem(409, "invalid_transition");
    }

    @Test
    void acceptingRecordsTheSignatureAndApprovesTheTicketAwaitingIt() {
        String ticket = admin.post("/v1/tickets", "{\"customer_id\": \"%s\", \"issue_description\": \"Cracked screen\"}"
                .formatted(customer)).assertStatus(201).text("id");
        admin.post("/v1/tickets/" + ticket + "/transitions", "{\"to\": \"diagnosing\"}").assertStatus(200);
        admin.post("/v1/tickets/" + ticket + "/transitions", "{\"to\": \"awaiting_approval\"}").assertStatus(200);
        String id = draft(customer, ticket).text("id");
        admin.post("/v1/quotes/" + id + "/accept", "{\"signature_name\": \"Mia Chen\"}")
                .assertProblem(409, "invalid_transition");

        try (Receiver receiver = new Receiver()) {
            installEmailPlugin(receiver);
            admin.post("/v1/quotes/" + id + "/send").assertStatus(200);
        }
        var accepted = admin.post("/v1/quotes/" + id + "/accept", "{\"signature_name\": \"Mia Chen\"}").assertStatus(200);

        assertThat(accepted.text("status")).isEqualTo("accepted");
        assertThat(accepted.text("signature_name")).isEqualTo("Mia Chen");
        assertThat(accepted.text("accepted_hash")).hasSize(64);
        assertThat(admin.get("/v1/tickets/" + ticket).text("status")).isEqualTo("approved");
        admin.post("/v1/quotes/" + id + "/decline", "{\"reason\": \"changed my mind\"}")
                .assertProblem(409, "invalid_transition");
        var history = admin.get("/v1/quotes/" + id + "/history").assertStatus(200).json().get("data");
        assertThat(history.valueStream().map(h -> h.get("to").asString()).toList())
                .containsExactly("draft", "sent", "accepted");
        assertThat(history.get(2).get("note").asString()).isEqualTo("signed by Mia Chen");
        assertThat(history.get(0).get("actor_key_id").isNull()).isFalse();
    }

    @Test
    void aQuotePastItsValidityExpiresWhenAccepted() {
        String id = admin.post("/v1/quotes", """
                {"customer_id": "%s", "valid_until": "%s", "line_items": %s}"""
                .formatted(customer, Instant.now().plus(1, ChronoUnit.SECONDS), LINES)).assertStatus(201).text("id");
        try (Receiver receiver = new Receiver()) {
            installEmailPlugin(receiver);
            admin.post("/v1/quotes/" + id + "/send").assertStatus(200);
        }
        org.awaitility.Awaitility.await().until(() -> Instant.now().isAfter(
                Instant.parse(admin.get("/v1/quotes/" + id).text("valid_until"))));

        admin.post("/v1/quotes/" + id + "/accept", "{\"signature_name\": \"Late\"}").assertProblem(409, "quote_expired");

        assertThat(admin.get("/v1/quotes/" + id).text("status")).isEqualTo("expired");
    }

    @Test
    void declineNeedsAReasonAndOpenQuotesKeepTheirCustomer() {
        String id = draft(customer, null).text("id");
        admin.delete("/v1/customers/" + customer).assertProblem(409, "resource_in_use");
        try (Receiver receiver = new Receiver()) {
            installEmailPlugin(receiver);
            admin.post("/v1/quotes/" + id + "/send").assertStatus(200);
        }
        admin.post("/v1/quotes/" + id + "/decline", "{}").assertProblem(422, "validation_error");
        var declined = admin.post("/v1/quotes/" + id + "/decline", "{\"reason\": \"too expensive\"}").assertStatus(200);
        assertThat(declined.text("status")).isEqualTo("declined");
        assertThat(admin.get("/v1/quotes?status=declined").raw()).contains(id);
    }

    private Api.Response draft(String customerId, String ticketId) {
        String ticket = ticketId == null ? "" : ", \"ticket_id\": \"%s\"".formatted(ticketId);
        return admin.post("/v1/quotes", "{\"customer_id\": \"%s\"%s, \"line_items\": %s}"
                .formatted(customerId, ticket, LINES)).assertStatus(201);
    }

    private void installEmailPlugin(Receiver receiver) {
        String pluginId = "com.test.mail-" + UUID.randomUUID().toString().substring(0, 8);
        Path exploded = TestBundles.exploded(temp.resolve(pluginId), TestBundles.manifest(pluginId, "1.0.0",
                "\"email\"", ">=1.0.0 <2.0.0"), Map.of("test.plugin.Mail", """
                        package test.plugin;
                        import io.opsbench.plugin.PluginContext;
                        import io.opsbench.plugin.PluginHttpRequest;
                        import io.opsbench.plugin.email.*;
                        import java.net.URI;
                        import org.pf4j.Extension;
                        @Extension
                        public class Mail implements EmailSender {
                            public EmailReceipt send(PluginContext context, EmailMessage message) {
                                String body = "to=" + String.join(",", message.to()) + "\\nsubject=" + message.subject()
                                        + "\\n" + message.textBody() + "\\n" + message.htmlBody();
                                context.http().send(PluginHttpRequest.post(URI.create(context.config().string("endpoint")),
                                        "text/plain", body));
                                return new EmailReceipt("mail-" + message.subject().hashCode());
                            }
                        }
                        """));
        new Marketplace(api(), operator()).publish(TestBundles.zip(exploded, temp.resolve(pluginId + ".zip")));
        admin.post("/v1/plugins/installations", "{\"plugin_id\": \"%s\", \"config\": {\"endpoint\": \"%s\"}}"
                .formatted(pluginId, receiver.url("/mail"))).assertStatus(201);
    }
}
