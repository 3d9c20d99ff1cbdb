package io.opsbench.platform.tenant;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum TenantStatus {
    ACTIVE, SUSPENDED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static TenantStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
