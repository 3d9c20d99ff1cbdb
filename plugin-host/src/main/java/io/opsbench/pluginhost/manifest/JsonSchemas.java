package io.opsbench.pluginhost.manifest;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import io.opsbench.plugin.PluginApi;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The one configured JSON Schema registry: draft 2020-12, format assertions on, nothing fetched remotely. */
final class JsonSchemas {

    static final String DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema";

    private static final Set<String> PROPERTY_KEYWORDS = Set.of("required", "additionalProperties", "unevaluatedProperties", "dependentRequired");

    static final JsonMapper MAPPER = JsonMapper.builder()
        // A duplicated key in a manifest is an attempt to show reviewers one value and the runtime another.
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
        builder -> builder
            .schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build())
            // Meta-schemas come from the validator's own jar; vendor schemas never reach the network.
            .schemaLoader(loader -> loader.fetchRemoteResources(false)));

    private static final Schema MANIFEST_SCHEMA = loadManifestSchema();
    private static final Schema META_SCHEMA = REGISTRY.getSchema(SchemaLocation.of(DRAFT_2020_12));

    private JsonSchemas() {
    }

    static Schema manifestSchema() {
        return MANIFEST_SCHEMA;
    }

    static Schema metaSchema() {
        return META_SCHEMA;
    }

    static Schema compile(JsonNode schema) {
        return REGISTRY.getSchema(schema);
    }

    static JsonNode readTree(byte[] json) throws JacksonException {
        return MAPPER.readTree(json);
    }

    static List<Violation> validate(Schema schema, JsonNode instance, String pointerPrefix) {
        List<Violation> violations = new ArrayList<>();
        for (com.networknt.schema.Error error : schema.validate(instance)) {
            String pointer = pointerPrefix + error.getInstanceLocation().toString();
            if (PROPERTY_KEYWORDS.contains(error.getKeyword()) && error.getProperty() != null) {
                // Point at the missing or unexpected property, not at the object around it.
                pointer = pointer + "/" + escape(error.getProperty());
            }
            violations.add(new Violation(pointer, error.getMessage()));
        }
        return violations;
    }

    static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    private static Schema loadManifestSchema() {
        try (InputStream in = PluginApi.class.getClassLoader().getResourceAsStream(PluginApi.MANIFEST_SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("plugin-api is missing " + PluginApi.MANIFEST_SCHEMA_RESOURCE);
            }
            return REGISTRY.getSchema(in, InputFormat.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
