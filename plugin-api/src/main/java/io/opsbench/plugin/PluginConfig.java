package io.opsbench.plugin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A read-only view of one installation's configuration, validated against the manifest's
 * {@code config_schema}, with secrets ({@code "writeOnly": true} properties) already decrypted.
 *
 * <p>Values are plain Java: {@link String}, {@link Boolean}, a {@link Number}, {@link java.util.List}
 * or {@link Map} for nested JSON. {@link #toString()} names the keys only, so logging a configuration
 * never prints a secret.
 *
 * @since 1.0
 */
public final class PluginConfig {

    private static final PluginConfig EMPTY = new PluginConfig(Map.of());

    private final Map<String, Object> values;

    private PluginConfig(Map<String, Object> values) {
        this.values = values;
    }

    /**
     * A configuration holding the given values; {@code null} values are dropped.
     *
     * @param values configuration values by property name
     * @return a read-only configuration
     * @since 1.0
     */
    public static PluginConfig of(Map<String, ?> values) {
        Map<String, Object> copy = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            if (value != null) {
                copy.put(Objects.requireNonNull(key, "key"), value);
            }
        });
        return new PluginConfig(Collections.unmodifiableMap(copy));
    }

    /**
     * An empty configuration.
     *
     * @return a configuration with no properties
     * @since 1.0
     */
    public static PluginConfig empty() {
        return EMPTY;
    }

    /**
     * A required string property.
     *
     * @param key the property name
     * @return its value
     * @throws PluginException with code {@code config_missing} when it is absent, or
     *     {@code config_invalid} when it is not a string
     * @since 1.0
     */
    public String string(String key) {
        return optionalString(key)
            .orElseThrow(() -> new PluginException("config_missing", "Configuration property '" + key + "' is not set"));
    }

    /**
     * An optional string property.
     *
     * @param key the property name
     * @return its value, or empty when absent
     * @throws PluginException with code {@code config_invalid} when it is not a string
     * @since 1.0
     */
    public Optional<String> optionalString(String key) {
        return typed(key, String.class, "a string");
    }

    /**
     * An optional integer property.
     *
     * @param key the property name
     * @return its value, or empty when absent
     * @throws PluginException with code {@code config_invalid} when it is not a whole number
     * @since 1.0
     */
    public Optional<Long> integer(String key) {
        Optional<Number> number = typed(key, Number.class, "a number");
        return number.map(n -> {
            double asDouble = n.doubleValue();
            if (asDouble != Math.rint(asDouble)) {
                throw invalid(key, "a whole number");
            }
            return n.longValue();
        });
    }

    /**
     * An optional boolean property.
     *
     * @param key the property name
     * @return its value, or empty when absent
     * @throws PluginException with code {@code config_invalid} when it is not a boolean
     * @since 1.0
     */
    public Optional<Boolean> bool(String key) {
        return typed(key, Boolean.class, "a boolean");
    }

    /**
     * Whether a property is set.
     *
     * @param key the property name
     * @return {@code true} when the property has a value
     * @since 1.0
     */
    public boolean has(String key) {
        return values.containsKey(key);
    }

    /**
     * All properties, including secrets.
     *
     * @return an unmodifiable map
     * @since 1.0
     */
    public Map<String, Object> asMap() {
        return values;
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected) {
        Object value = values.get(key);
        if (value == null) {
            return Optional.empty();
        }
        if (!type.isInstance(value)) {
            throw invalid(key, expected);
        }
        return Optional.of(type.cast(value));
    }

    private static PluginException invalid(String key, String expected) {
        return new PluginException("config_invalid", "Configuration property '" + key + "' is not " + expected);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PluginConfig that && values.equals(that.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return "PluginConfig" + values.keySet();
    }
}
