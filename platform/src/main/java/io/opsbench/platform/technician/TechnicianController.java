package io.opsbench.platform.technician;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

@RestController
@RequestMapping(path = "/v1/technicians", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Technicians", description = "The people who repair and go out on work orders.")
class TechnicianController {

    private final Technicians technicians;

    TechnicianController(Technicians technicians) {
        this.technicians = technicians;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Create a technician")
    Technician create(@Valid @RequestBody TechnicianFields request) {
        return technicians.create(request);
    }

    @GetMapping
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List technicians", description = "Filters: `active`, `skill`.")
    Page<Technician> list(@RequestParam(required = false) Boolean active, @RequestParam(required = false) String skill,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return technicians.list(active, skill, PageRequest.of(limit, cursor, active, skill));
    }

    @GetMapping("/{id}")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get a technician")
    Technician get(@PathVariable UUID id) {
        return technicians.get(id);
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Change a technician", description = "An absent field keeps its value, `null` clears it; "
            + "`active: false` takes the technician off new assignments.")
    Technician update(@PathVariable UUID id, @RequestBody ObjectNode patch) {
        return technicians.update(id, patch);
    }
}
