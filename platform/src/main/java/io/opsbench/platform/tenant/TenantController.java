package io.opsbench.platform.tenant;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.NewApiKey;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.annotation.JsonDeserialize;
import tools.jackson.databind.annotation.JsonPOJOBuilder;

@RestController
@Tag(name = "Tenants", description = "Shops on the platform. Managed by the operator.")
class TenantController {

    private final Tenants tenants;

    TenantController(Tenants tenants) {
        this.tenants = tenants;
    }

    @PostMapping(path = "/v1/tenants", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Create a tenant", description = "Answers the tenant with its first admin key in "
            + "`api_key`, shown only here.")
    CreatedTenant create(@Valid @RequestBody NewTenantRequest request) {
        Tenants.Created created = tenants.create(request.name().strip(), request.plan());
        Tenant t = created.tenant();
        return new CreatedTenant(t.id(), t.name(), t.plan(), t.status(), t.createdAt(), t.updatedAt(),
                created.adminKey().secret());
    }

    @GetMapping(path = "/v1/tenants", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "List tenants")
    Page<Tenant> list(@RequestParam(required = false) TenantStatus status,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return tenants.list(status, PageRequest.of(limit, cursor, status));
    }

    @GetMapping(path = "/v1/tenants/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Get a tenant")
    Tenant get(@PathVariable UUID id) {
        return tenants.get(TenantId.of(id));
    }

    @PatchMapping(path = "/v1/tenants/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Change a tenant", description = "Rename, change plan, or suspend (`status: suspended`: "
            + "the tenant's keys answer 403 `tenant_suspended`) and reactivate. `rate_limit_per_minute` and "
            + "`monthly_api_call_quota` override the plan's limits; `null` returns to the plan's default.")
    Tenant update(@PathVariable UUID id, @Valid @RequestBody TenantChanges request) {
        return tenants.update(TenantId.of(id), new Tenants.Changes(
                request.name() == null ? null : request.name().strip(), request.plan(), request.status(),
                request.rateLimitPerMinute(), request.monthlyApiCallQuota()));
    }

    @PostMapping(path = "/v1/tenants/{id}/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Mint a new admin key for a tenant", description = "For a tenant that lost its keys.")
    IssuedKey mintAdminKey(@PathVariable UUID id) {
        NewApiKey key = tenants.mintAdminKey(TenantId.of(id));
        return new IssuedKey(key.key().id(), key.key().name(), key.key().scope(), key.secret(), key.key().createdAt());
    }

    @GetMapping(path = "/v1/tenant", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "The calling tenant")
    Tenant current(Principal.Tenant caller) {
        return tenants.get(caller.tenantId());
    }

    record NewTenantRequest(@NotBlank @Size(max = 200) String name, @NotNull Plan plan) {
    }

    /**
     * Absent fields keep their value. The limit overrides are read through the builder, which sees only
     * the fields sent: absent stays null (keep), an explicit {@code null} becomes empty (plan default).
     */
    @JsonDeserialize(builder = TenantChanges.Builder.class)
    record TenantChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String name, Plan plan, TenantStatus status,
            Optional<@Positive @Max(1_000_000) Integer> rateLimitPerMinute,
            Optional<@PositiveOrZero Long> monthlyApiCallQuota) {

        @JsonPOJOBuilder(withPrefix = "")
        static final class Builder {

            private String name;
            private Plan plan;
            private TenantStatus status;
            private Optional<Integer> rateLimitPerMinute;
            private Optional<Long> monthlyApiCallQuota;

            Builder name(String name) {
                this.name = name;
                return this;
            }

            Builder plan(Plan plan) {
                this.plan = plan;
                return this;
            }

            Builder status(TenantStatus status) {
                this.status = status;
                return this;
            }

            Builder rateLimitPerMinute(Integer limit) {
                this.rateLimitPerMinute = Optional.ofNullable(limit);
                return this;
            }

            Builder monthlyApiCallQuota(Long quota) {
                this.monthlyApiCallQuota = Optional.ofNullable(quota);
                return this;
            }

            TenantChanges build() {
                return new TenantChanges(name, plan, status, rateLimitPerMinute, monthlyApiCallQuota);
            }
        }
    }

    record CreatedTenant(TenantId id, String name, Plan plan, TenantStatus status, Instant createdAt,
            Instant updatedAt, String apiKey) {
    }

    record IssuedKey(UUID id, String name, Scope scope, String key, Instant createdAt) {
    }
}
