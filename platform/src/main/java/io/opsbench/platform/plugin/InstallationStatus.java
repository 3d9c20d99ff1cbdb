package io.opsbench.platform.plugin;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code active}; {@code disabled} by the tenant; {@code suspended} by a yank. */
public enum InstallationStatus {
    ACTIVE, DISABLED, SUSPENDED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static InstallationStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
