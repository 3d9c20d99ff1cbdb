package io.opsbench.platform.customer;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
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
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

@RestController
@Tag(name = "Customers and assets", description = "The shop's customers and their devices, machines and vehicles.")
class CustomerController {

    private final Customers customers;
    private final Assets assets;

    CustomerController(Customers customers, Assets assets) {
        this.customers = customers;
        this.assets = assets;
    }

    @PostMapping(path = "/v1/customers", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Create a customer", description = "`phone` is E.164 (`+4915112345678`).")
    Customer create(@Valid @RequestBody CustomerFields request) {
        return customers.create(request);
    }

    @GetMapping(path = "/v1/customers", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List customers", description = "`q`: case-insensitive text in the name, email or phone.")
    Page<Customer> list(@RequestParam(required = false) @Size(min = 1, max = 200) String q,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return customers.list(PageRequest.of(limit, cursor, q), q);
    }

    @GetMapping(path = "/v1/customers/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get a customer")
    Customer get(@PathVariable UUID id) {
        return customers.get(id);
    }

    @PatchMapping(path = "/v1/customers/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Change a customer", description = "An absent field keeps its value, `null` clears it; "
            + "`name` cannot be cleared.")
    Customer update(@PathVariable UUID id, @RequestBody ObjectNode patch) {
        return customers.update(id, patch);
    }

    @DeleteMapping("/v1/customers/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Delete a customer", description = "Deletes its assets and closed or cancelled tickets "
            + "with it; refused with 409 `resource_in_use` while it has open tickets.")
    void delete(@PathVariable UUID id) {
        customers.delete(id);
    }

    @PostMapping(path = "/v1/assets", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Create an asset", description = "`customer_id` must be one of your customers (404 otherwise).")
    Asset createAsset(@Valid @RequestBody NewAsset request) {
        return assets.create(request.customerId(), new AssetFields(request.kind(), request.make(), request.model(),
                request.serialNumber(), request.location(), request.notes()));
    }

    @GetMapping(path = "/v1/assets", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List assets")
    Page<Asset> listAssets(@RequestParam(name = "customer_id", required = false) UUID customerId,
            @RequestParam(name = "serial_number", required = false) @Size(max = 200) String serialNumber,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return assets.list(PageRequest.of(limit, cursor, customerId, serialNumber), customerId, serialNumber);
    }

    @GetMapping(path = "/v1/assets/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get an asset")
    Asset getAsset(@PathVariable UUID id) {
        return assets.get(id);
    }

    @PatchMapping(path = "/v1/assets/{id}", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Change an asset", description = "An absent field keeps its value, `null` clears it; "
            + "the customer cannot change.")
    Asset updateAsset(@PathVariable UUID id, @RequestBody ObjectNode patch) {
        return assets.update(id, patch);
    }

    record NewAsset(@NotNull UUID customerId, @Size(max = 100) String kind, @Size(max = 200) String make,
            @Size(max = 200) String model, @Size(max = 200) String serialNumber, @Size(max = 1000) String location,
            @Size(max = 10000) String notes) {
    }
}
