package io.opsbench.platform.web;

import java.util.List;
import java.util.Map;

/**
 * A failure the client can act on. Subclasses name what happened ({@code TenantSuspended},
 * {@code ResourceNotFound}); the advice and the filters turn each into the same problem shape.
 */
public class ProblemException extends RuntimeException {

    private final ProblemCode code;
    private final List<Problem.FieldError> errors;
    private final Map<String, Object> extensions;

    public ProblemException(ProblemCode code, String detail) {
        this(code, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemCode code, String detail, List<Problem.FieldError> errors,
            Map<String, Object> extensions) {
        super(detail, null, false, false);
        this.code = code;
        this.errors = List.copyOf(errors);
        this.extensions = Map.copyOf(extensions);
    }

    public ProblemCode code() {
        return code;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}
