package io.opsbench.platform.tenant;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a tenant pays for; later issues hang rate limits, quotas and marketplace access on it. */
public enum Plan {
    STARTER, PRO, BUSINESS, ENTERPRISE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static Plan fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
