package io.opsbench.platform.ticket;

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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/v1/tickets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Repair tickets", description = "Repairs in the shop, numbered T-000001 per tenant, moved by transitions.")
class TicketController {

    private final Tickets tickets;

    TicketController(Tickets tickets) {
        this.tickets = tickets;
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Open a ticket", description = "Starts in `new` with the next `number`. `customer_id` "
            + "and `asset_id` must be yours (404 otherwise); the asset must be the customer's (422 on `/asset_id`).")
    Ticket create(@Valid @RequestBody NewTicket request, Principal.Tenant caller) {
        return tickets.create(request, caller.keyId());
    }

    @GetMapping
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List tickets")
    Page<Ticket> list(@RequestParam(required = false) TicketStatus status,
            @RequestParam(name = "customer_id", required = false) UUID customerId,
            @RequestParam(required = false) TicketPriority priority,
            @RequestParam(name = "technician_id", required = false) UUID technicianId,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return tickets.list(PageRequest.of(limit, cursor, status, customerId, priority, technicianId), status,
                customerId, priority, technicianId);
    }

    @GetMapping("/{id}")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "Get a ticket")
    Ticket get(@PathVariable UUID id) {
        return tickets.get(id);
    }

    @PostMapping(path = "/{id}/transitions", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.WRITE)
    @Operation(summary = "Move a ticket", description = "A move the state machine does not allow answers 409 "
            + "`invalid_transition` with `allowed_transitions`.")
    Ticket transition(@PathVariable UUID id, @Valid @RequestBody TransitionRequest request,
            Principal.Tenant caller) {
        return tickets.transition(id, request.to(), request.note(), caller.keyId());
    }

    @GetMapping("/{id}/history")
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "A ticket's history", description = "Every move, oldest first; the first line opened it.")
    Page<TicketTransition> history(@PathVariable UUID id, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        return tickets.history(id, PageRequest.of(limit, cursor, id));
    }

    record TransitionRequest(@NotNull TicketStatus to, @Size(max = 2000) String note) {
    }
}
