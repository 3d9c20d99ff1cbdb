package io.opsbench.platform.customer;

import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Problem;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH semantics for the editable fields of a resource, all of them text: an absent field keeps its
 * value, {@code null} clears it. The merged result is validated like a create body, so a required field set to
 * {@code null} answers 422 with its pointer.
 */
@Component
class Patches {

    private final JsonMapper json;
    private final Validator validator;

    Patches(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    <T extends Record> T apply(T current, ObjectNode patch, Class<T> type) {
        Set<String> editable = Arrays.stream(type.getRecordComponents()).map(c -> snakeCase(c.getName()))
                .collect(Collectors.toSet());
        List<Problem.FieldError> unknown = patch.propertyNames().stream().filter(name -> !editable.contains(name))
                .sorted().map(name -> Problem.FieldError.pointer("/" + name, "unknown field '%s'".formatted(name)))
                .toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInput(unknown);
        }
        List<Problem.FieldError> mistyped = patch.properties().stream()
                .filter(field -> !field.getValue().isString() && !field.getValue().isNull())
                .map(field -> Problem.FieldError.pointer("/" + field.getKey(), "must be a string or null"))
                .toList();
        if (!mistyped.isEmpty()) {
            throw new InvalidInput(mistyped);
        }
        ObjectNode merged = json.valueToTree(current);
        merged.setAll(patch);
        T result = json.treeToValue(merged, type);
        Set<ConstraintViolation<T>> violations = validator.validate(result);
        if (!violations.isEmpty()) {
            throw new InvalidInput(violations.stream()
                    .map(v -> Problem.FieldError.pointer("/" + snakeCase(v.getPropertyPath().toString()),
                            v.getMessage()))
                    .sorted(Comparator.comparing(Problem.FieldError::toString))
                    .toList());
        }
        return result;
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }
}
