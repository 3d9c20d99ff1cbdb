package io.opsbench.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.validation.method.ParameterValidationResult;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** The one place exceptions become RFC 9457 problems. Nothing the client sent ever yields a 500. */
@RestControllerAdvice
class ProblemAdvice {

    private static final Logger log = LoggerFactory.getLogger(ProblemAdvice.class);

    @ExceptionHandler(ProblemException.class)
    ResponseEntity<Problem> problem(ProblemException e, HttpServletRequest request) {
        return respond(request, e.code(), e.getMessage(), e.errors(), e.extensions());
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Problem> unreadable(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLarge tooLarge) {
                return respond(request, ProblemCode.PAYLOAD_TOO_LARGE, tooLarge.getMessage());
            }
            if (cause instanceof UnrecognizedPropertyException unknown) {
                return invalid(request, pointer(unknown), "unknown field '%s'".formatted(unknown.getPropertyName()));
            }
            if (cause instanceof InvalidFormatException format) {
                return invalid(request, pointer(format), describe(format));
            }
            if (cause instanceof StreamReadException) {
                return respond(request, ProblemCode.MALFORMED_REQUEST, "The body is not valid JSON: "
                        + ((JacksonException) cause).getOriginalMessage());
            }
            if (cause instanceof DatabindException binding) {
                String pointer = pointer(binding);
                if (!pointer.isEmpty()) {
                    return invalid(request, pointer, "has the wrong type or shape: " + binding.getOriginalMessage());
                }
                return respond(request, ProblemCode.MALFORMED_REQUEST, binding.getOriginalMessage());
            }
        }
        return respond(request, ProblemCode.MALFORMED_REQUEST, "The request body is missing or unreadable");
    }

    @ExceptionHandler(MethodArgumentNotValidException.class)
    ResponseEntity<Problem> invalidBody(MethodArgumentNotValidException e, HttpServletRequest request) {
        List<Problem.FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(error -> Problem.FieldError.pointer(Pointers.fromPropertyPath(error.getField()),
                        error.getDefaultMessage()))
                .toList();
        return respond(request, ProblemCode.VALIDATION_ERROR, new InvalidInput(errors).getMessage(), errors, Map.of());
    }

    @ExceptionHandler(HandlerMethodValidationException.class)
    ResponseEntity<Problem> invalidParameters(HandlerMethodValidationException e, HttpServletRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ParameterValidationResult result : e.getParameterValidationResults()) {
            String name = result.getMethodParameter().getParameterName();
            result.getResolvableErrors().forEach(error -> errors.add(
                    Problem.FieldError.parameter(Pointers.snakeCase(name), error.getDefaultMessage())));
        }
        return respond(request, ProblemCode.VALIDATION_ERROR, new InvalidInput(errors).getMessage(), errors, Map.of());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Problem> typeMismatch(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        if (e.getParameter().hasParameterAnnotation(org.springframework.web.bind.annotation.PathVariable.class)) {
            // An id that cannot parse names nothing that exists.
            return respond(request, ProblemCode.NOT_FOUND, "No resource at " + request.getRequestURI());
        }
        return invalidParameter(request, e.getName(), "has an invalid value");
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<Problem> missingParameter(MissingServletRequestParameterException e, HttpServletRequest request) {
        return invalidParameter(request, e.getParameterName(), "is required");
    }

    @ExceptionHandler(MissingRequestHeaderException.class)
    ResponseEntity<Problem> missingHeader(MissingRequestHeaderException e, HttpServletRequest request) {
        return invalidParameter(request, e.getHeaderName(), "header is required");
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<Problem> unsupportedMediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) {
        String supported = e.getSupportedMediaTypes().stream().map(MediaType::toString)
                .collect(Collectors.joining(", "));
        return respond(request, ProblemCode.UNSUPPORTED_MEDIA_TYPE,
                "Content-Type %s is not supported; use %s".formatted(e.getContentType(), supported));
    }

    @ExceptionHandler(HttpMediaTypeNotAcceptableException.class)
    ResponseEntity<Problem> notAcceptable(HttpMediaTypeNotAcceptableException e, HttpServletRequest request) {
        return respond(request, ProblemCode.NOT_ACCEPTABLE, "This resource is available as application/json");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<Problem> methodNotAllowed(HttpRequestMethodNotSupportedException e, HttpServletRequest request) {
        String allowed = e.getSupportedMethods() == null ? "" : String.join(", ", e.getSupportedMethods());
        return ResponseEntity.status(ProblemCode.METHOD_NOT_ALLOWED.status())
                .header(HttpHeaders.ALLOW, allowed)
                .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
                .body(Problem.of(ProblemCode.METHOD_NOT_ALLOWED, "%s is not allowed here; allowed: %s"
                        .formatted(e.getMethod(), allowed), RequestIds.of(request), null, null));
    }

    @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
    ResponseEntity<Problem> noRoute(Exception e, HttpServletRequest request) {
        return respond(request, ProblemCode.NOT_FOUND, "No resource at " + request.getRequestURI());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<Problem> uploadTooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) {
        return respond(request, ProblemCode.PAYLOAD_TOO_LARGE, "The upload is larger than allowed");
    }

    /** No database connection: see {@link NoConnection}. */
    @ExceptionHandler({CannotGetJdbcConnectionException.class, CannotCreateTransactionException.class})
    ResponseEntity<Problem> noConnection(Exception e, HttpServletRequest request) {
        ProblemException problem = NoConnection.problem(e);
        if (problem.code() == ProblemCode.SERVICE_UNAVAILABLE) {
            log.warn("No database connection for {} {}", request.getMethod(), request.getRequestURI(), e);
        }
        ResponseEntity<Problem> answer = respond(request, problem.code(), problem.getMessage(), problem.errors(),
                problem.extensions());
        return ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders())
                .header(HttpHeaders.RETRY_AFTER, NoConnection.RETRY_AFTER_SECONDS).body(answer.getBody());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Problem> unexpected(Exception e, HttpServletRequest request) {
        log.error("Unhandled error on {} {}", request.getMethod(), request.getRequestURI(), e);
        return respond(request, ProblemCode.INTERNAL_ERROR,
                "Something went wrong on our side; quote the request_id when reporting it");
    }

    private static ResponseEntity<Problem> invalid(HttpServletRequest request, String pointer, String message) {
        List<Problem.FieldError> errors = List.of(Problem.FieldError.pointer(pointer, message));
        return respond(request, ProblemCode.VALIDATION_ERROR, "One field is invalid", errors, Map.of());
    }

    private static ResponseEntity<Problem> invalidParameter(HttpServletRequest request, String name, String message) {
        List<Problem.FieldError> errors = List.of(Problem.FieldError.parameter(name, message));
        return respond(request, ProblemCode.VALIDATION_ERROR, "One parameter is invalid", errors, Map.of());
    }

    private static ResponseEntity<Problem> respond(HttpServletRequest request, ProblemCode code, String detail) {
        return respond(request, code, detail, List.of(), Map.of());
    }

    static ResponseEntity<Problem> respond(HttpServletRequest request, ProblemCode code, String detail,
            List<Problem.FieldError> errors, Map<String, Object> extensions) {
        if (code == ProblemCode.INTERNAL_ERROR || code == ProblemCode.SERVICE_UNAVAILABLE) {
            log.debug("Answering {} for {}", code.code(), request.getRequestURI());
        }
        return ResponseEntity.status(code.status())
                .contentType(MediaType.parseMediaType(Problem.MEDIA_TYPE))
                .body(Problem.of(code, detail, RequestIds.of(request), errors, extensions));
    }

    private static String pointer(JacksonException e) {
        StringBuilder pointer = new StringBuilder();
        for (JacksonException.Reference reference : e.getPath()) {
            pointer.append('/');
            if (reference.getPropertyName() != null) {
                pointer.append(Pointers.escape(reference.getPropertyName()));
            } else if (reference.getIndex() >= 0) {
                pointer.append(reference.getIndex());
            }
        }
        return pointer.toString();
    }

    private static String wireName(Object constant) {
        try {
            return String.valueOf(constant.getClass().getMethod("wireName").invoke(constant));
        } catch (ReflectiveOperationException e) {
            return constant.toString();
        }
    }

    private static String describe(InvalidFormatException e) {
        Class<?> target = e.getTargetType();
        if (target != null && target.isEnum()) {
            String allowed = Arrays.stream(target.getEnumConstants())
                    .map(ProblemAdvice::wireName)
                    .collect(Collectors.joining(", "));
            return "must be one of: " + allowed;
        }
        return "has an invalid value for " + (target == null ? "this field" : target.getSimpleName());
    }
}
