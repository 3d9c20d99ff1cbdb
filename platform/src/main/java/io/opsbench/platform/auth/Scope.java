package io.opsbench.platform.auth;

import com.fasterxml.jackson.annotation.JsonValue;

/** A tenant key's reach. Hierarchical: {@code read} ⊂ {@code write} ⊂ {@code admin}. */
public enum Scope {
    READ, WRITE, ADMIN;

    public boolean includes(Scope required) {
        return compareTo(required) >= 0;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    public static Scope fromWire(String value) {
        return valueOf(value.toUpperCase(java.util.Locale.ROOT));
    }
}
