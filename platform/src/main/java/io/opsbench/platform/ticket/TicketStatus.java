package io.opsbench.platform.ticket;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** Where a repair ticket stands, and where it may go next. {@code closed} and {@code cancelled} are terminal. */
public enum TicketStatus {
    NEW, DIAGNOSING, AWAITING_APPROVAL, APPROVED, IN_REPAIR, ON_HOLD, READY, CLOSED, CANCELLED;

    /** The allowed moves, in the order the API lists them. */
    public List<TicketStatus> next() {
        return switch (this) {
            case NEW -> List.of(DIAGNOSING, CANCELLED);
            case DIAGNOSING -> List.of(AWAITING_APPROVAL, IN_REPAIR, CANCELLED);
            case AWAITING_APPROVAL -> List.of(APPROVED, DIAGNOSING, CANCELLED);
            case APPROVED -> List.of(IN_REPAIR, CANCELLED);
            case IN_REPAIR -> List.of(ON_HOLD, READY, CANCELLED);
            case ON_HOLD -> List.of(IN_REPAIR, CANCELLED);
            case READY -> List.of(CLOSED, IN_REPAIR);
            case CLOSED, CANCELLED -> List.of();
        };
    }

    public boolean canMoveTo(TicketStatus target) {
        return next().contains(target);
    }

    /** Still work to do: keeps its customer from being deleted. */
    public boolean isOpen() {
        return !next().isEmpty();
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static TicketStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
