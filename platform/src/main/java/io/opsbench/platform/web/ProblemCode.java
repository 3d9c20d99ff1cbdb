package io.opsbench.platform.web;

import org.springframework.http.HttpStatus;

/**
 * Every stable {@code code} the API answers with, its HTTP status and title. {@code docs/api.md}
 * lists the same table; a test keeps the two equal.
 */
public enum ProblemCode {

    MALFORMED_REQUEST(HttpStatus.BAD_REQUEST, "Malformed request"),
    UNAUTHORIZED(HttpStatus.UNAUTHORIZED, "Unauthorized"),
    PAYMENT_REQUIRED(HttpStatus.PAYMENT_REQUIRED, "Payment required"),
    QUOTA_EXCEEDED(HttpStatus.PAYMENT_REQUIRED, "Quota exceeded"),
    FORBIDDEN(HttpStatus.FORBIDDEN, "Forbidden"),
    TENANT_SUSPENDED(HttpStatus.FORBIDDEN, "Tenant suspended"),
    NOT_FOUND(HttpStatus.NOT_FOUND, "Not found"),
    METHOD_NOT_ALLOWED(HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE(HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    CONFLICT(HttpStatus.CONFLICT, "Conflict"),
    INVALID_TRANSITION(HttpStatus.CONFLICT, "Invalid transition"),
    CAPABILITY_UNAVAILABLE(HttpStatus.CONFLICT, "Capability unavailable"),
    RESOURCE_IN_USE(HttpStatus.CONFLICT, "Resource in use"),
    INSUFFICIENT_STOCK(HttpStatus.CONFLICT, "Insufficient stock"),
    QUOTE_NOT_EDITABLE(HttpStatus.CONFLICT, "Quote not editable"),
    QUOTE_EXPIRED(HttpStatus.CONFLICT, "Quote expired"),
    IDEMPOTENCY_IN_PROGRESS(HttpStatus.CONFLICT, "Idempotency key in progress"),
    PRECONDITION_FAILED(HttpStatus.PRECONDITION_FAILED, "Precondition failed"),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    VALIDATION_ERROR(HttpStatus.UNPROCESSABLE_CONTENT, "Validation error"),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT, "Idempotency key reused"),
    RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS, "Rate limited"),
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
    PLUGIN_ERROR(HttpStatus.BAD_GATEWAY, "Plugin error"),
    SERVICE_UNAVAILABLE(HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable");

    private final HttpStatus status;
    private final String title;

    ProblemCode(HttpStatus status, String title) {
        this.status = status;
        this.title = title;
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }

    /** The wire form: {@code not_found}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
