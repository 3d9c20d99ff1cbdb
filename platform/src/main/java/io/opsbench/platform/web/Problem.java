package io.opsbench.platform.web;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * An RFC 9457 problem as the API writes it: the standard members plus a stable {@code code}, the
 * {@code request_id} to quote to support, and for validation the list of offending fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String requestId,
        List<FieldError> errors, @JsonAnyGetter Map<String, Object> extensions) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Problem of(ProblemCode code, String detail, String requestId, List<FieldError> errors,
            Map<String, Object> extensions) {
        return new Problem("urn:opsbench:problem:" + code.code(), code.title(), code.status().value(), detail,
                code.code(), requestId, errors == null || errors.isEmpty() ? null : List.copyOf(errors),
                extensions == null ? Map.of() : Map.copyOf(extensions));
    }

    /** One invalid input: a JSON pointer into the body, or the name of a query parameter or header. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(String pointer, String parameter, String message) {

        public static FieldError pointer(String pointer, String message) {
            return new FieldError(pointer, null, message);
        }

        public static FieldError parameter(String name, String message) {
            return new FieldError(null, name, message);
        }
    }
}
