package io.opsbench.platform.vendor;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.VendorId;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Vendors", description = "Plugin publishers. Created by the operator; they use their key to submit bundles.")
class VendorController {

    private final Vendors vendors;

    VendorController(Vendors vendors) {
        this.vendors = vendors;
    }

    @PostMapping(path = "/v1/vendors", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Create a vendor", description = "The vendor's key is in `api_key`, shown only here.")
    CreatedVendor create(@Valid @RequestBody NewVendorRequest request) {
        Vendors.Created created = vendors.create(request.name().strip(), request.email().strip());
        Vendor v = created.vendor();
        return new CreatedVendor(v.id(), v.name(), v.email(), v.createdAt(), created.apiKey());
    }

    @GetMapping(path = "/v1/vendors", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "List vendors")
    Page<Vendor> list(@RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return vendors.list(PageRequest.of(limit, cursor));
    }

    @GetMapping(path = "/v1/vendors/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Get a vendor")
    Vendor get(@PathVariable UUID id) {
        return vendors.get(new VendorId(id));
    }

    @PostMapping(path = "/v1/vendors/{id}/api-keys", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(Principal.Kind.OPERATOR)
    @Operation(summary = "Rotate a vendor's key", description = "The old key stops working at once.")
    RotatedKey rotate(@PathVariable UUID id) {
        return new RotatedKey(new VendorId(id), vendors.rotateKey(new VendorId(id)));
    }

    @GetMapping(path = "/v1/vendor", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(Principal.Kind.VENDOR)
    @Operation(summary = "The calling vendor")
    Vendor current(Principal.Vendor caller) {
        return vendors.get(caller.vendorId());
    }

    record NewVendorRequest(@NotBlank @Size(max = 200) String name,
            @NotBlank @Email @Size(max = 320) String email) {
    }

    record CreatedVendor(VendorId id, String name, String email, Instant createdAt, String apiKey) {
    }

    record RotatedKey(VendorId vendorId, String apiKey) {
    }
}
