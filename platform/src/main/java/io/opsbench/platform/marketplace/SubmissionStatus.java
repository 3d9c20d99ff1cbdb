package io.opsbench.platform.marketplace;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

public enum SubmissionStatus {
    PENDING_REVIEW, REJECTED, APPROVED, YANKED;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static SubmissionStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
