package io.opsbench.platform.ticket;

import io.opsbench.platform.web.ETags;
import io.opsbench.platform.customer.Assets;
import io.opsbench.platform.customer.CustomerDeleting;
import io.opsbench.platform.customer.Customers;
import io.opsbench.platform.web.ResourceInUse;
import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.numbering.Numbers;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.technician.Technicians;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Repair tickets: numbered per tenant, moved through {@link TicketStatus}'s state machine, every move
 * kept in a history and announced as a domain event in the same transaction.
 */
@Service
public class Tickets {

    static final String COUNTER = "tickets";
    static final String PREFIX = "T";

    private final TicketRepository repository;
    private final Customers customers;
    private final Assets assets;
    private final Technicians technicians;
    private final Numbers numbers;
    private final DomainEvents events;
    private final Clock clock;

    Tickets(TicketRepository repository, Customers customers, Assets assets, Technicians technicians, Numbers numbers,
            DomainEvents events, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.assets = assets;
        this.technicians = technicians;
        this.numbers = numbers;
        this.events = events;
        this.clock = clock;
    }

    /**
     * Opens a ticket in {@code new}. A customer or asset not visible to the tenant answers 404; an
     * asset of another customer 422 on {@code /asset_id}.
     *
     * @param actorKeyId the API key that opened it, recorded as the first history line
     */
    @Transactional
    public Ticket create(NewTicket command, UUID actorKeyId) {
        TenantId tenant = TenantScope.require();
        customers.reference(command.customerId());
        if (command.assetId() != null) {
            assets.referenceOf(command.customerId(), command.assetId(), "/asset_id");
        }
        if (command.technicianId() != null) {
            technicians.assignable(command.technicianId(), "/technician_id");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Ticket ticket = new Ticket(Ids.newId(clock), numbers.next(COUNTER, PREFIX), command.customerId(),
                command.assetId(), command.issueDescription().strip(),
                command.priority() == null ? TicketPriority.NORMAL : command.priority(), command.category(),
                command.technicianId(), TicketStatus.NEW, now, now);
        repository.insert(tenant, ticket);
        repository.insertTransition(tenant, ticket.id(),
                new TicketTransition(Ids.newId(clock), null, TicketStatus.NEW, null, actorKeyId, now));
        events.record("ticket.created", "ticket", ticket.id(), Map.of("ticket", ticket));
        return ticket;
    }

    /** One statement, so no transaction: it runs under the tenant in a single round trip. */
    public Ticket get(UUID id) {
        return repository.find(id).orElseThrow(() -> new ResourceNotFound("ticket", id));
    }

    @Transactional(readOnly = true)
    public Page<Ticket> list(PageRequest page, TicketStatus status, UUID customerId, TicketPriority priority,
            UUID technicianId) {
        return Page.of(repository.list(page, status, customerId, priority, technicianId), page, Ticket::createdAt,
                Ticket::id, status, customerId, priority, technicianId);
    }

    /**
     * Moves the ticket, records the move in its history and emits {@code ticket.transitioned}, all in
     * one transaction holding the ticket's row lock, so concurrent moves apply one after the other
     * and each is checked against the state the previous one left.
     */
    @Transactional
    public Ticket transition(UUID id, TicketStatus target, String note, UUID actorKeyId) {
        Ticket current = repository.lock(id).orElseThrow(() -> new ResourceNotFound("ticket", id));
        ETags.requireCurrent(current);
        if (!current.status().canMoveTo(target)) {
            throw new InvalidTransition("ticket", current.status(), target, current.status().next());
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Ticket next = current.movedTo(target, now);
        if (!repository.updateStatus(next, current.status())) {
            throw new IllegalStateException("Ticket " + id + " changed under its row lock");
        }
        TenantId tenant = TenantScope.require();
        repository.insertTransition(tenant, id,
                new TicketTransition(Ids.newId(clock), current.status(), target, note, actorKeyId, now));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("ticket", next);
        data.put("previous_status", current.status());
        data.put("note", note);
        events.record("ticket.transitioned", "ticket", id, data);
        return next;
    }

    @Transactional(readOnly = true)
    public Page<TicketTransition> history(UUID id, PageRequest page) {
        repository.find(id).orElseThrow(() -> new ResourceNotFound("ticket", id));
        return Page.of(repository.history(id, page), page, TicketTransition::createdAt, TicketTransition::id, id);
    }

    /** A customer with open tickets stays: its delete answers 409 {@code resource_in_use}. */
    @EventListener
    void refuseDeletingCustomerWithOpenTickets(CustomerDeleting deleting) {
        long open = repository.openTicketsOf(deleting.customerId());
        if (open > 0) {
            throw new ResourceInUse("The customer has %d open ticket%s; close or cancel %s first"
                    .formatted(open, open == 1 ? "" : "s", open == 1 ? "it" : "them"),
                    Map.of("open_tickets", open));
        }
    }
}
