package io.opsbench.platform.inventory;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum LocationKind {
    WAREHOUSE, SHOP, VAN;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static LocationKind fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
