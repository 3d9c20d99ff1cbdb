package io.opsbench.platform.ticket;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum TicketPriority {
    LOW, NORMAL, HIGH, URGENT;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static TicketPriority fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
