package io.opsbench.platform.web;

import java.util.List;
import java.util.Map;

/** Input that parsed but is not acceptable: 422 with each offending field. */
public class InvalidInput extends ProblemException {

    public InvalidInput(List<Problem.FieldError> errors) {
        super(ProblemCode.VALIDATION_ERROR, summary(errors), errors, Map.of());
    }

    public static InvalidInput pointer(String pointer, String message) {
        return new InvalidInput(List.of(Problem.FieldError.pointer(pointer, message)));
    }

    public static InvalidInput parameter(String name, String message) {
        return new InvalidInput(List.of(Problem.FieldError.parameter(name, message)));
    }

    private static String summary(List<Problem.FieldError> errors) {
        return errors.size() == 1 ? "One field is invalid" : errors.size() + " fields are invalid";
    }
}
