package io.opsbench.pluginhost.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.plugin.Capability;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class ManifestsTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String GOOD = """
        {
          "id": "com.example.sms-gateway",
          "name": "Example SMS Gateway",
          "version": "1.2.0-rc.1",
          "vendor": "Example GmbH",
          "description": "Sends SMS through the Example gateway.",
          "capabilities": ["sms", "events"],
          "platform": ">=1.0.0 <2.0.0",
          "events": ["ticket.created", "quote.*"],
          "homepage": "https://example.com/opsbench",
          "license": "Apache-2.0",
          "config_schema": {
            "type": "object",
            "required": ["endpoint"],
            "properties": {
              "endpoint": {"type": "string", "format": "uri"},
              "token": {"type": "string", "writeOnly": true}
            }
          }
        }
        """;

    @Test
    void parsesAGoodManifest() {
        PluginManifest manifest = Manifests.parse(bytes(GOOD));

        assertThat(manifest.id()).isEqualTo("com.example.sms-gateway");
        assertThat(manifest.version()).isEqualTo(Semver.parse("1.2.0-rc.1"));
        assertThat(manifest.pluginKey()).isEqualTo("com.example.sms-gateway@1.2.0-rc.1");
        assertThat(manifest.capabilities()).containsExactly(Capability.SMS, Capability.EVENTS);
        assertThat(manifest.platform().includes(Semver.parse("1.0.0"))).isTrue();
        assertThat(manifest.events()).containsExactly("ticket.created", "quote.*");
        assertThat(manifest.homepage()).contains(URI.create("https://example.com/opsbench"));
        assertThat(manifest.secretProperties()).containsExactly("token");
    }

    @Test
    void reportsAMissingFieldAtItsPointer() {
        assertViolation(GOOD.replace("\"vendor\": \"Example GmbH\",", ""), "/vendor");
    }

    @Test
    void refusesABadId() {
        assertViolation(GOOD.replace("com.example.sms-gateway", "Com.Example/SMS"), "/id");
        assertViolation(GOOD.replace("com.example.sms-gateway", "smsgateway"), "/id");
        assertViolation(GOOD.replace("com.example.sms-gateway", "com.example.sms@2"), "/id");
    }

    @Test
    void refusesABadVersion() {
        assertViolation(GOOD.replace("1.2.0-rc.1", "1.2"), "/version");
    }

    @Test
    void refusesUnknownFields() {
        assertViolation(GOOD.replace("\"license\"", "\"pluginClass\": \"x\", \"license\""), "/pluginClass");
    }

    @Test
    void assertsFormatsInsteadOfAnnotating() {
        assertViolation(GOOD.replace("https://example.com/opsbench", "https://exa mple.com/<>"), "/homepage");
    }

    @Test
    void refusesUnknownOrDuplicatedCapabilities() {
        assertViolation(GOOD.replace("[\"sms\", \"events\"]", "[\"sms\", \"fax\"]"), "/capabilities/1");
        assertViolation(GOOD.replace("[\"sms\", \"events\"]", "[\"sms\", \"sms\"]"), "/capabilities");
        assertViolation(GOOD.replace("[\"sms\", \"events\"]", "[]"), "/capabilities");
    }

    @Test
    void eventSubscriptionsNeedTheEventsCapability() {
        assertViolation(GOOD.replace("[\"sms\", \"events\"]", "[\"sms\"]"), "/capabilities");
    }

    @Test
    void refusesAMalformedPlatformRange() {
        assertViolation(GOOD.replace(">=1.0.0 <2.0.0", "1.x"), "/platform");
    }

    @Test
    void refusesDuplicateKeysAndNonJson() {
        assertViolation(GOOD.replace("\"name\": \"Example SMS Gateway\",", "\"name\": \"A\", \"name\": \"B\","), "");
        assertViolation("{not json", "");
    }

    @Test
    void refusesAConfigSchemaThatIsNotAValidSchema() {
        assertViolation(GOOD.replace("\"type\": \"string\", \"format\": \"uri\"", "\"type\": \"strin\""),
            "/config_schema/properties/endpoint/type");
    }

    @Test
    void refusesRemoteReferencesInConfigSchemas() {
        assertViolation(GOOD.replace("\"type\": \"string\", \"writeOnly\": true", "\"$ref\": \"https://evil.example/schema.json\""),
            "/config_schema/properties/token/$ref");
    }

    @Test
    void validatesConfigurationAgainstTheConfigSchema() {
        JsonNode schema = Manifests.parse(bytes(GOOD)).configSchema().orElseThrow();

        ConfigValidation good = ConfigSchemas.validate(schema, JSON.readTree("{\"endpoint\": \"https://sms.example.com/send\", \"token\": \"t\"}"));
        ConfigValidation missing = ConfigSchemas.validate(schema, JSON.readTree("{\"token\": \"t\"}"));
        ConfigValidation badUri = ConfigSchemas.validate(schema, JSON.readTree("{\"endpoint\": \"not a uri\"}"));

        assertThat(good.isValid()).isTrue();
        assertThat(good.secretProperties()).containsExactly("token");
        assertThat(missing.violations()).extracting(Violation::pointer).containsExactly("/endpoint");
        assertThat(badUri.violations()).extracting(Violation::pointer).containsExactly("/endpoint");
    }

    private static void assertViolation(String manifest, String pointer) {
        assertThatThrownBy(() -> Manifests.parse(bytes(manifest)))
            .isInstanceOfSatisfying(ManifestInvalid.class, e -> {
                List<String> pointers = e.violations().stream().map(Violation::pointer).toList();
                assertThat(pointers).as(e.getMessage()).contains(pointer);
                assertThat(e.violations()).allSatisfy(v -> assertThat(v.message()).isNotBlank());
            });
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
