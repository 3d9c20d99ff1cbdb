package io.opsbench.platform.auth;

import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "API keys", description = "A tenant's keys. Every operation needs an admin key.")
class ApiKeyController {

    private final ApiKeys apiKeys;

    ApiKeyController(ApiKeys apiKeys) {
        this.apiKeys = apiKeys;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Create an API key", description = "The secret `key` appears in this response only.")
    CreatedKey create(@Valid @RequestBody NewKeyRequest request, Principal.Tenant caller) {
        NewApiKey created = apiKeys.mint(request.name(), request.scope(), caller.keyId());
        ApiKey key = created.key();
        return new CreatedKey(key.id(), key.name(), key.scope(), created.secret(), key.prefix(), key.createdAt());
    }

    @GetMapping
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "List active API keys")
    Page<ApiKey> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return apiKeys.list(PageRequest.of(limit, cursor));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Revoke an API key", description = "The key answers 401 from then on.")
    void revoke(@PathVariable UUID id) {
        apiKeys.revoke(id);
    }

    record NewKeyRequest(@NotBlank @Size(max = 200) String name, @NotNull Scope scope) {
    }

    record CreatedKey(UUID id, String name, Scope scope, String key, String prefix, Instant createdAt) {
    }
}
