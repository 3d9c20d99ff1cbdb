package io.opsbench.platform.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * PATCH semantics for the editable fields of a resource, all of them text: an absent field keeps its
 * value, {@code null} clears it. The merged result is validated like a create body, so a required field set to
 * {@code null} answers 422 with its pointer.
 */
@Component
public class Patches {

    private final JsonMapper json;
    private final Validator validator;

    Patches(JsonMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    public <T extends Record> T apply(T current, ObjectNode patch, Class<T> type) {
        Set<String> editable = Arrays.stream(type.getRecordComponents()).map(c -> snakeCase(c.getName()))
                .collect(Collectors.toSet());
        List<Problem.FieldError> unknown = patch.propertyNames().stream().filter(name -> !editable.contains(name))
                .sorted().map(name -> Problem.FieldError.pointer("/" + name, "unknown field '%s'".formatted(name)))
                .toList();
        if (!unknown.isEmpty()) {
            throw new InvalidInput(unknown);
        }
        Map<String, Class<?>> types = Arrays.stream(type.getRecordComponents())
                .collect(Collectors.toMap(c -> snakeCase(c.getName()), RecordComponent::getType));
        List<Problem.FieldError> mistyped = patch.properties().stream()
                .map(field -> mistyped(field.getKey(), field.getValue(), types.get(field.getKey())))
                .filter(java.util.Objects::nonNull)
                .sorted(Comparator.comparing(Problem.FieldError::toString))
                .toList();
        if (!mistyped.isEmpty()) {
            throw new InvalidInput(mistyped);
        }
        ObjectNode merged = json.valueToTree(current);
        merged.setAll(patch);
        T result;
        try {
            result = json.treeToValue(merged, type);
        } catch (JacksonException e) {
            String field = e.getPath().isEmpty() ? "" : e.getPath().getFirst().getPropertyName();
            throw InvalidInput.pointer("/" + field, "has the wrong type");
        }
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

    /** Jackson would quietly turn {@code 42} into {@code "42"}; a PATCH names the field instead. */
    private static Problem.FieldError mistyped(String name, JsonNode value, Class<?> type) {
        if (value.isNull()) {
            return null;
        }
        if (type == String.class && !value.isString()) {
            return Problem.FieldError.pointer("/" + name, "must be a string or null");
        }
        if (type == Boolean.class && !value.isBoolean()) {
            return Problem.FieldError.pointer("/" + name, "must be true, false or null");
        }
        if (List.class.isAssignableFrom(type) && !value.isArray()) {
            return Problem.FieldError.pointer("/" + name, "must be an array or null");
        }
        return null;
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT);
    }
}
