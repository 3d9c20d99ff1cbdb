package io.opsbench.platform.inventory;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What a movement does to stock at its location: {@code receive} adds (at a unit cost),
 * {@code adjust} adds or removes (with a reason), {@code transfer} moves to another location,
 * {@code consume} uses up, {@code reserve} sets aside, {@code release} gives a reservation back.
 */
public enum MovementType {
    RECEIVE, ADJUST, TRANSFER, CONSUME, RESERVE, RELEASE;

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static MovementType fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
