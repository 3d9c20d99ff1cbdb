package io.opsbench.platform.quote;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** {@code draft → sent → accepted | declined | expired}. */
public enum QuoteStatus {
    DRAFT, SENT, ACCEPTED, DECLINED, EXPIRED;

    public List<QuoteStatus> next() {
        return switch (this) {
            case DRAFT -> List.of(SENT);
            case SENT -> List.of(ACCEPTED, DECLINED, EXPIRED);
            case ACCEPTED, DECLINED, EXPIRED -> List.of();
        };
    }

    public boolean isOpen() {
        return this == DRAFT || this == SENT;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static QuoteStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
