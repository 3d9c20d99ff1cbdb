package io.opsbench.platform.ticket;

import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import java.util.List;
import java.util.Map;

/** 409 {@code invalid_transition}, naming the moves the ticket's state does allow. */
public class InvalidTransition extends ProblemException {

    public InvalidTransition(String resource, Object from, Object to, List<?> allowed) {
        super(ProblemCode.INVALID_TRANSITION, "A %s in status %s cannot move to %s".formatted(resource, from, to),
                List.of(), Map.of("current_status", from.toString(), "allowed_transitions",
                        allowed.stream().map(Object::toString).toList()));
    }
}
