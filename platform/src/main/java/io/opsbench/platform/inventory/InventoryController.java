package io.opsbench.platform.inventory;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
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

@RestController
@RequestMapping(path = "/v1/inventory", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Inventory", description = "Parts, where they are kept, and the ledger of every stock movement.")
class InventoryController {

    private final Inventory inventory;

    InventoryController(Inventory inventory) {
        this.inventory = inventory;
    }

    @PostMapping(path = "/locations", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Create a stock location")
    Location createLocation(@Valid @RequestBody NewLocation request) {
        return inventory.createLocation(request.name().strip(), request.kind());
    }

    @GetMapping("/locations")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List stock locations")
    Page<Location> locations(@RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return inventory.locations(PageRequest.of(limit, cursor));
    }

    @GetMapping("/locations/{id}")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get a stock location")
    Location location(@PathVariable UUID id) {
        return inventory.location(id);
    }

    @PatchMapping(path = "/locations/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Rename a stock location or change its kind")
    Location updateLocation(@PathVariable UUID id, @Valid @RequestBody LocationChanges request) {
        return inventory.updateLocation(id, request.name() == null ? null : request.name().strip(), request.kind());
    }

    @PostMapping(path = "/parts", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Create a part", description = "`sku` is unique in the tenant (409 `conflict`).")
    Part createPart(@Valid @RequestBody NewPart request) {
        return inventory.createPart(request.sku().strip(), request.name().strip(), request.unit(),
                request.reorderPoint());
    }

    @GetMapping("/parts")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List parts with their stock", description = "Filter: `sku`.")
    Page<Part> parts(@RequestParam(required = false) String sku, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return inventory.parts(sku, PageRequest.of(limit, cursor, sku));
    }

    @GetMapping("/parts/{id}")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get a part with its stock",
            description = "`on_hand`, `reserved`, `available` totals, `by_location`, and `average_cost` (weighted "
                    + "average of receipts, minor units, half-up).")
    Part part(@PathVariable UUID id) {
        return inventory.part(id);
    }

    @PatchMapping(path = "/parts/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Change a part's name, unit or reorder point")
    Part updatePart(@PathVariable UUID id, @Valid @RequestBody PartChanges request) {
        return inventory.updatePart(id, request.name() == null ? null : request.name().strip(), request.unit(),
                request.reorderPoint());
    }

    @PostMapping(path = "/movements", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Record a stock movement",
            description = "`receive` (needs `unit_cost`), `adjust` (signed quantity, needs `reason`), `transfer` "
                    + "(needs `to_location_id`), `consume`, `reserve`, `release`. More than the location has → "
                    + "409 `insufficient_stock`.")
    Movement move(@Valid @RequestBody MovementRequest request, Principal.Tenant caller) {
        return inventory.move(new NewMovement(request.partId(), request.locationId(), request.type(),
                request.quantity(), request.unitCost(), request.toLocationId(), request.reference(), request.reason()),
                caller.keyId());
    }

    @GetMapping("/movements")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List movements", description = "Filters: `part_id`, `location_id` (as source or target).")
    Page<Movement> movements(@RequestParam(name = "part_id", required = false) UUID partId,
            @RequestParam(name = "location_id", required = false) UUID locationId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return inventory.movements(partId, locationId, PageRequest.of(limit, cursor, partId, locationId));
    }

    @GetMapping("/movements/{id}")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get a movement")
    Movement movement(@PathVariable UUID id) {
        return inventory.movement(id);
    }

    record NewLocation(@NotBlank @Size(max = 200) String name, LocationKind kind) {
    }

    record LocationChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String name, LocationKind kind) {
    }

    record NewPart(@NotBlank @Size(max = 100) String sku, @NotBlank @Size(max = 200) String name,
            @Size(min = 1, max = 50) String unit, @PositiveOrZero BigDecimal reorderPoint) {
    }

    record PartChanges(@Size(min = 1, max = 200) @Pattern(regexp = ".*\\S.*", message = "must not be blank")
            String name, @Size(min = 1, max = 50) String unit, @PositiveOrZero BigDecimal reorderPoint) {
    }

    record MovementRequest(@NotNull UUID partId, @NotNull UUID locationId, @NotNull MovementType type,
            @NotNull BigDecimal quantity, @PositiveOrZero Long unitCost, UUID toLocationId,
            @Size(max = 200) String reference, @Size(max = 2000) String reason) {
    }
}
