package io.opsbench.platform.workorder;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.inventory.Movement;
import io.opsbench.platform.ticket.TicketPriority;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
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
@RequestMapping(path = "/v1/work-orders", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Work orders", description = "Field jobs at customers' sites: scheduled, assigned, dispatched, signed off.")
class WorkOrderController {

    private final WorkOrders workOrders;

    WorkOrderController(WorkOrders workOrders) {
        this.workOrders = workOrders;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Create a work order", description = "Numbered `WO-000001`, … per tenant. With "
            + "`scheduled_start` and `scheduled_end` it starts `scheduled`, otherwise `unscheduled`.")
    WorkOrderView create(@Valid @RequestBody NewWorkOrderRequest request, Principal.Tenant caller) {
        return workOrders.view(workOrders.create(new WorkOrders.NewWorkOrder(request.customerId(), request.assetId(),
                request.description(), request.priority(), request.siteAddress(), request.scheduledStart(),
                request.scheduledEnd(), request.slaDueAt()), caller.keyId()));
    }

    @GetMapping
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List work orders", description = "Filters: `status`, `technician_id`, `customer_id`, "
            + "`scheduled_from` / `scheduled_to` (on scheduled_start), `sla_breached`.")
    Page<WorkOrderView> list(@RequestParam(required = false) WorkOrderStatus status,
            @RequestParam(name = "technician_id", required = false) UUID technicianId,
            @RequestParam(name = "customer_id", required = false) UUID customerId,
            @RequestParam(name = "scheduled_from", required = false) Instant scheduledFrom,
            @RequestParam(name = "scheduled_to", required = false) Instant scheduledTo,
            @RequestParam(name = "sla_breached", required = false) Boolean slaBreached,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        var filters = new WorkOrderRepository.Filters(status, technicianId, customerId, scheduledFrom, scheduledTo,
                slaBreached);
        return workOrders.list(filters, PageRequest.of(limit, cursor, status, technicianId, customerId, scheduledFrom,
                scheduledTo, slaBreached)).map(workOrders::view);
    }

    @GetMapping("/{id}")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get a work order")
    WorkOrderView get(@PathVariable UUID id) {
        return workOrders.view(workOrders.get(id));
    }

    @PatchMapping(path = "/{id}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Change a work order", description = "description, priority, site_address, the schedule "
            + "and sla_due_at; an absent field keeps its value, `null` clears it.")
    WorkOrderView update(@PathVariable UUID id, @RequestBody ObjectNode patch) {
        return workOrders.view(workOrders.update(id, patch));
    }

    @PostMapping(path = "/{id}/assign", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Assign a technician", description = "Allowed before `in_progress`; the technician must be active.")
    WorkOrderView assign(@PathVariable UUID id, @Valid @RequestBody Assignment request, Principal.Tenant caller) {
        return workOrders.view(workOrders.assign(id, request.technicianId(), caller.keyId()));
    }

    @PostMapping(path = "/{id}/transitions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Move a work order", description = "`dispatched` needs a technician and a schedule; "
            + "`completed` needs `signature_name`. Moves the table does not allow answer 409 `invalid_transition`.")
    WorkOrderView transition(@PathVariable UUID id, @Valid @RequestBody TransitionRequest request,
            Principal.Tenant caller) {
        return workOrders.view(workOrders.transition(id, request.to(), request.note(), request.signatureName(),
                caller.keyId()));
    }

    @GetMapping("/{id}/history")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "A work order's transitions")
    Page<WorkOrderTransition> history(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return workOrders.history(id, PageRequest.of(limit, cursor, id));
    }

    @PostMapping(path = "/{id}/parts", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Book parts on the job", description = "Consumes stock: an inventory movement referencing "
            + "the work order; more than the location has → 409 `insufficient_stock`.")
    Movement parts(@PathVariable UUID id, @Valid @RequestBody PartsRequest request, Principal.Tenant caller) {
        return workOrders.consumeParts(id, request.partId(), request.locationId(), request.quantity(), caller.keyId());
    }

    record NewWorkOrderRequest(@NotNull UUID customerId, UUID assetId, @NotBlank @Size(max = 10000) String description,
            TicketPriority priority, @Size(max = 1000) String siteAddress, Instant scheduledStart,
            Instant scheduledEnd, Instant slaDueAt) {
    }

    record Assignment(@NotNull UUID technicianId) {
    }

    record TransitionRequest(@NotNull WorkOrderStatus to, @Size(max = 2000) String note,
            @Size(max = 200) String signatureName) {
    }

    record PartsRequest(@NotNull UUID partId, @NotNull UUID locationId, @NotNull BigDecimal quantity) {
    }
}
