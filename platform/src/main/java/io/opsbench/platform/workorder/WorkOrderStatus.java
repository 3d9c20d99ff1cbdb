package io.opsbench.platform.workorder;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * {@code unscheduled → scheduled → dispatched → in_progress ⇄ on_hold → completed}; every state that is
 * not terminal may also move to {@code cancelled}.
 */
public enum WorkOrderStatus {
    UNSCHEDULED, SCHEDULED, DISPATCHED, IN_PROGRESS, ON_HOLD, COMPLETED, CANCELLED;

    public List<WorkOrderStatus> next() {
        return switch (this) {
            case UNSCHEDULED -> List.of(SCHEDULED, CANCELLED);
            case SCHEDULED -> List.of(DISPATCHED, CANCELLED);
            case DISPATCHED -> List.of(IN_PROGRESS, CANCELLED);
            case IN_PROGRESS -> List.of(ON_HOLD, COMPLETED, CANCELLED);
            case ON_HOLD -> List.of(IN_PROGRESS, CANCELLED);
            case COMPLETED, CANCELLED -> List.of();
        };
    }

    public boolean canMoveTo(WorkOrderStatus target) {
        return next().contains(target);
    }

    public boolean isOpen() {
        return this != COMPLETED && this != CANCELLED;
    }

    /** Before work starts a technician may still be (re)assigned. */
    boolean allowsAssignment() {
        return this == UNSCHEDULED || this == SCHEDULED || this == DISPATCHED;
    }

    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return wireName();
    }

    static WorkOrderStatus fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }
}
