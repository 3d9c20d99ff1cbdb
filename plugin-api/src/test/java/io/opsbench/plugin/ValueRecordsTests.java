package io.opsbench.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.plugin.email.EmailMessage;
import io.opsbench.plugin.payments.Charge;
import io.opsbench.plugin.payments.PaymentResult;
import io.opsbench.plugin.sms.SmsMessage;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueRecordsTests {

    @Test
    void capabilitiesHaveLowerCaseWireNames() {
        assertThat(Capability.fromWireName("payments")).contains(Capability.PAYMENTS);
        assertThat(Capability.fromWireName("PAYMENTS")).isEmpty();
        assertThat(Capability.values()).extracting(Capability::wireName)
            .containsExactly("email", "sms", "payments", "voice", "ai", "events");
    }

    @Test
    void smsRecipientMustBeE164() {
        assertThat(new SmsMessage("+4915112345678", "Your phone is ready").to()).isEqualTo("+4915112345678");
        assertThatIllegalArgumentException().isThrownBy(() -> new SmsMessage("015112345678", "hi"));
        assertThatIllegalArgumentException().isThrownBy(() -> new SmsMessage("+4915112345678", " "));
    }

    @Test
    void emailNeedsAtLeastOneBody() {
        assertThat(new EmailMessage(List.of("a@example.com"), "Quote", null, "<p>hi</p>", null).htmlBody()).isNotNull();
        assertThatIllegalArgumentException().isThrownBy(() -> new EmailMessage(List.of("a@example.com"), "Quote", null, " ", null));
    }

    @Test
    void chargeNeedsIsoCurrencyAndPositiveAmountAndHidesItsToken() {
        Charge charge = new Charge(1999, "EUR", "tok_secret", "Screen repair", "ticket-42");
        assertThat(charge.toString()).doesNotContain("tok_secret");
        assertThatIllegalArgumentException().isThrownBy(() -> new Charge(1999, "eur", "tok", "x", "k"));
        assertThatIllegalArgumentException().isThrownBy(() -> new Charge(0, "EUR", "tok", "x", "k"));
        assertThatIllegalArgumentException().isThrownBy(() -> PaymentResult.failed(null, null));
    }

    @Test
    void configReadsTypedValuesAndNeverPrintsThem() {
        PluginConfig config = PluginConfig.of(Map.of("endpoint", "https://sms.example.com", "token", "s3cret", "retries", 3));
        assertThat(config.string("endpoint")).isEqualTo("https://sms.example.com");
        assertThat(config.integer("retries")).contains(3L);
        assertThat(config.optionalString("missing")).isEmpty();
        assertThat(config.toString()).doesNotContain("s3cret");
        assertThatThrownBy(() -> config.string("missing")).isInstanceOf(PluginException.class)
            .extracting(e -> ((PluginException) e).code()).isEqualTo("config_missing");
        assertThatThrownBy(() -> config.bool("endpoint")).isInstanceOf(PluginException.class);
    }

    @Test
    void httpRequestsAreValuesAndHideHeaderValues() {
        PluginHttpRequest request = PluginHttpRequest.post(URI.create("https://sms.example.com/send"), "application/json", "{}")
            .withHeader("Authorization", "Bearer s3cret");
        assertThat(request).isEqualTo(PluginHttpRequest.post(URI.create("https://sms.example.com/send"), "application/json", "{}")
            .withHeader("Authorization", "Bearer s3cret"));
        assertThat(request.toString()).doesNotContain("s3cret");
        assertThatIllegalArgumentException().isThrownBy(() -> PluginHttpRequest.get(URI.create("file:///etc/passwd")));
    }

    @Test
    void manifestSchemaShipsWithTheApi() {
        assertThat(PluginApi.class.getClassLoader().getResource(PluginApi.MANIFEST_SCHEMA_RESOURCE)).isNotNull();
    }
}
