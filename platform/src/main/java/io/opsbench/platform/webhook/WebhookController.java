package io.opsbench.platform.webhook;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Webhooks", description = "Signed deliveries of your events to your URLs. Admin keys only.")
class WebhookController {

    private static final Set<String> STATUSES = Set.of("pending", "delivered", "retrying", "dead");

    private final WebhookEndpoints endpoints;

    WebhookController(WebhookEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    @PostMapping(path = "/v1/webhook-endpoints", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Create a webhook endpoint", description = "`events` lists event types, `resource.*` "
            + "wildcards or `*`. The signing `secret` (`whsec_…`) appears in this response only.")
    CreatedEndpoint create(@Valid @RequestBody NewEndpoint request) {
        WebhookEndpoints.Created created = endpoints.create(request.url(), request.events(), request.description());
        WebhookEndpoint e = created.endpoint();
        return new CreatedEndpoint(e.id(), e.url(), e.events(), e.description(), e.enabled(), created.secret(),
                e.createdAt(), e.updatedAt());
    }

    @GetMapping(path = "/v1/webhook-endpoints", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "List webhook endpoints")
    Page<WebhookEndpoint> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return endpoints.list(PageRequest.of(limit, cursor));
    }

    @GetMapping(path = "/v1/webhook-endpoints/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Get a webhook endpoint")
    WebhookEndpoint get(@PathVariable UUID id) {
        return endpoints.get(id);
    }

    @PatchMapping(path = "/v1/webhook-endpoints/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Change a webhook endpoint", description = "`url`, `events`, `description`, `enabled`.")
    WebhookEndpoint update(@PathVariable UUID id, @Valid @RequestBody EndpointChanges request) {
        return endpoints.update(id, request.url(), request.events(), request.description(), request.enabled());
    }

    @DeleteMapping("/v1/webhook-endpoints/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Delete a webhook endpoint and its deliveries")
    void delete(@PathVariable UUID id) {
        endpoints.delete(id);
    }

    @PostMapping(path = "/v1/webhook-endpoints/{id}/rotate-secret", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Rotate the signing secret", description = "The old secret keeps signing, alongside the "
            + "new one, for 24 hours.")
    Map<String, Object> rotateSecret(@PathVariable UUID id) {
        WebhookEndpoints.Rotated rotated = endpoints.rotateSecret(id);
        return Map.of("id", id, "secret", rotated.secret(),
                "previous_secret_expires_at", rotated.previousSecretExpiresAt().toString());
    }

    @PostMapping(path = "/v1/webhook-endpoints/{id}/test", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Send a webhook.test event to this endpoint")
    Map<String, Object> test(@PathVariable UUID id) {
        return endpoints.sendTest(id);
    }

    @GetMapping(path = "/v1/webhook-endpoints/{id}/deliveries", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "An endpoint's deliveries", description = "Filter: `status` "
            + "(`pending|delivered|retrying|dead`).")
    Page<WebhookDelivery> deliveries(@PathVariable UUID id, @RequestParam(required = false) String status,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        if (status != null && !STATUSES.contains(status)) {
            throw InvalidInput.parameter("status", "must be one of pending, delivered, retrying, dead");
        }
        return endpoints.deliveries(id, status, PageRequest.of(limit, cursor, id, status));
    }

    @PostMapping(path = "/v1/webhook-endpoints/{id}/recover", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Replay every dead delivery since a time")
    Map<String, Object> recover(@PathVariable UUID id, @Valid @RequestBody Recovery request) {
        return Map.of("replayed", endpoints.recover(id, request.since()));
    }

    @PostMapping(path = "/v1/webhook-deliveries/{id}/retry", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Send one delivery again", description = "It starts a fresh retry schedule.")
    WebhookDelivery retry(@PathVariable UUID id) {
        return endpoints.retry(id);
    }

    record NewEndpoint(@NotBlank @Size(max = 2000) String url, @NotEmpty @Size(max = 100) List<String> events,
            @Size(max = 500) String description) {
    }

    record EndpointChanges(@Size(min = 1, max = 2000) String url, @Size(min = 1, max = 100) List<String> events,
            @Size(max = 500) String description, Boolean enabled) {
    }

    record Recovery(@NotNull Instant since) {
    }

    record CreatedEndpoint(UUID id, String url, List<String> events, String description, boolean enabled,
            String secret, Instant createdAt, Instant updatedAt) {
    }
}
