package io.opsbench.pluginhost.manifest;

import com.networknt.schema.Schema;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks a manifest's {@code config_schema} and validates installations' configuration against it.
 */
public final class ConfigSchemas {

    private ConfigSchemas() {
    }

    /**
     * Checks that a {@code config_schema} is a usable JSON Schema: valid against the draft 2020-12
     * meta-schema, an object schema at its root, and self-contained (no {@code $ref} leaving the document).
     *
     * @param schema the schema
     * @return violations with JSON pointers into the schema; empty when it is usable
     */
    public static List<Violation> check(JsonNode schema) {
        List<Violation> violations = new ArrayList<>();
        if (schema == null || !schema.isObject()) {
            return List.of(new Violation("", "a config schema must be a JSON object"));
        }
        collectRemoteReferences(schema, "", violations);
        JsonNode dialect = schema.get("$schema");
        if (dialect != null && !(dialect.isString() && dialect.asString().replaceAll("#$", "").equals(JsonSchemas.DRAFT_2020_12))) {
            violations.add(new Violation("/$schema", "only draft 2020-12 (" + JsonSchemas.DRAFT_2020_12 + ") is supported"));
        }
        JsonNode type = schema.get("type");
        if (type == null || !type.isString() || !"object".equals(type.asString())) {
            violations.add(new Violation("/type", "a config schema must have \"type\": \"object\" at its root"));
        }
        if (!violations.isEmpty()) {
            return violations;
        }
        try {
            violations.addAll(JsonSchemas.validate(JsonSchemas.metaSchema(), schema, ""));
            if (violations.isEmpty()) {
                JsonSchemas.compile(schema).initializeValidators();
            }
        } catch (RuntimeException e) {
            violations.add(new Violation("", "not a usable JSON Schema: " + e.getMessage()));
        }
        return violations;
    }

    /**
     * Validates a configuration object.
     *
     * @param schema a schema that passed {@link #check(JsonNode)}
     * @param config the configuration
     * @return violations with JSON pointers into the configuration, and the secret property names
     */
    public static ConfigValidation validate(JsonNode schema, JsonNode config) {
        Set<String> secrets = secretProperties(schema);
        try {
            Schema compiled = JsonSchemas.compile(schema);
            return new ConfigValidation(JsonSchemas.validate(compiled, config, ""), secrets);
        } catch (RuntimeException e) {
            return new ConfigValidation(List.of(new Violation("", "the config schema cannot be applied: " + e.getMessage())), secrets);
        }
    }

    /**
     * Names of the top-level properties marked {@code "writeOnly": true}.
     *
     * @param schema a config schema
     * @return the secret property names, in schema order
     */
    public static Set<String> secretProperties(JsonNode schema) {
        Set<String> secrets = new LinkedHashSet<>();
        JsonNode properties = schema == null ? null : schema.get("properties");
        if (properties != null && properties.isObject()) {
            for (Map.Entry<String, JsonNode> property : properties.properties()) {
                JsonNode writeOnly = property.getValue().get("writeOnly");
                if (writeOnly != null && writeOnly.isBoolean() && writeOnly.asBoolean()) {
                    secrets.add(property.getKey());
                }
            }
        }
        return secrets;
    }

    private static void collectRemoteReferences(JsonNode node, String pointer, List<Violation> violations) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                String childPointer = pointer + "/" + JsonSchemas.escape(field.getKey());
                boolean reference = field.getKey().equals("$ref") || field.getKey().equals("$dynamicRef");
                if (reference && (!field.getValue().isString() || !field.getValue().asString().startsWith("#"))) {
                    violations.add(new Violation(childPointer, "references outside the schema are not allowed"));
                } else {
                    collectRemoteReferences(field.getValue(), childPointer, violations);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectRemoteReferences(node.get(i), pointer + "/" + i, violations);
            }
        }
    }
}
