package io.opsbench.platform.plugin;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.plugin.Capability;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

@RestController
@Tag(name = "Plugin installations", description = "Marketplace plugins installed into your tenant. Admin keys only.")
class InstallationController {

    private final Installations installations;

    InstallationController(Installations installations) {
        this.installations = installations;
    }

    @PostMapping(path = "/v1/plugins/installations", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Install a plugin", description = "Installs `version`, or the latest approved version "
            + "compatible with this platform. Needs the pro plan or above (402 otherwise). `config` is validated "
            + "against the version's `config_schema`; secret properties are never returned, only named in `secrets_set`.")
    Installation install(@Valid @RequestBody NewInstallation request) {
        return installations.install(request.pluginId(), request.version(), request.config());
    }

    @GetMapping(path = "/v1/plugins/installations", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "List installations")
    Page<Installation> list(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return installations.list(PageRequest.of(limit, cursor));
    }

    @GetMapping(path = "/v1/plugins/installations/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Get an installation")
    Installation get(@PathVariable UUID id) {
        return installations.get(id);
    }

    @PatchMapping(path = "/v1/plugins/installations/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Reconfigure, upgrade, downgrade, disable or enable an installation, live",
            description = "`config` is merged: an absent property keeps its value, `null` clears it.")
    Installation update(@PathVariable UUID id, @Valid @RequestBody InstallationChanges request) {
        return installations.update(id, request.config(), request.version(), request.enabled());
    }

    @DeleteMapping("/v1/plugins/installations/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Uninstall", description = "Its secrets are erased.")
    void uninstall(@PathVariable UUID id) {
        installations.uninstall(id);
    }

    @GetMapping(path = "/v1/capabilities", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Which installation serves each capability")
    Page<Installations.CapabilityAssignment> capabilities() {
        return new Page<>(installations.capabilities(), null);
    }

    @PutMapping(path = "/v1/capabilities/{capability}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.ADMIN)
    @Operation(summary = "Choose the installation that serves a capability")
    Installations.CapabilityAssignment choose(@PathVariable Capability capability,
            @Valid @RequestBody CapabilityChoice request) {
        return installations.choose(capability, request.installationId());
    }

    record NewInstallation(@NotBlank @Size(max = 200) String pluginId, @Size(max = 100) String version,
            ObjectNode config) {
    }

    record InstallationChanges(ObjectNode config, @Size(max = 100) String version, Boolean enabled) {
    }

    record CapabilityChoice(@NotNull UUID installationId) {
    }
}
