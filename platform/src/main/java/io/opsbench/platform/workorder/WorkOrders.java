package io.opsbench.platform.workorder;

import io.opsbench.platform.web.ETags;
import io.opsbench.platform.customer.Assets;
import io.opsbench.platform.customer.CustomerDeleting;
import io.opsbench.platform.customer.Customers;
import io.opsbench.platform.web.ResourceInUse;
import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.inventory.Inventory;
import io.opsbench.platform.inventory.Movement;
import io.opsbench.platform.inventory.MovementType;
import io.opsbench.platform.inventory.NewMovement;
import io.opsbench.platform.numbering.Numbers;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.technician.Technicians;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.ticket.InvalidTransition;
import io.opsbench.platform.ticket.TicketPriority;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.Patches;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import io.opsbench.platform.web.ResourceNotFound;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field work orders: created against a customer (and one of its assets), scheduled, assigned to a
 * technician, dispatched, worked, and signed off by the customer. Every change of status holds the
 * work order's row lock, is written to its history and emits an event in the same transaction.
 */
@Service
public class WorkOrders {

    private final WorkOrderRepository repository;
    private final Customers customers;
    private final Assets assets;
    private final Technicians technicians;
    private final Inventory inventory;
    private final Numbers numbers;
    private final DomainEvents events;
    private final Patches patches;
    private final Clock clock;

    WorkOrders(WorkOrderRepository repository, Customers customers, Assets assets, Technicians technicians,
            Inventory inventory, Numbers numbers, DomainEvents events, Patches patches, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.assets = assets;
        this.technicians = technicians;
        this.inventory = inventory;
        this.numbers = numbers;
        this.events = events;
        this.patches = patches;
        this.clock = clock;
    }

    /** What a new work order needs; a schedule given here makes it start as {@code scheduled}. */
    record NewWorkOrder(UUID customerId, UUID assetId, String description, TicketPriority priority,
            String siteAddress, Instant scheduledStart, Instant scheduledEnd, Instant slaDueAt) {
    }

    @Transactional
    WorkOrder create(NewWorkOrder command, UUID actorKeyId) {
        customers.reference(command.customerId());
        if (command.assetId() != null) {
            assets.referenceOf(command.customerId(), command.assetId(), "/asset_id");
        }
        checkSchedule(command.scheduledStart(), command.scheduledEnd());
        Instant now = now();
        boolean scheduled = command.scheduledStart() != null && command.scheduledEnd() != null;
        WorkOrder workOrder = new WorkOrder(Ids.newId(clock), numbers.next("work_orders", "WO"), command.customerId(),
                command.assetId(), null, command.description().strip(),
                command.priority() == null ? TicketPriority.NORMAL : command.priority(), command.siteAddress(),
                command.scheduledStart(), command.scheduledEnd(), command.slaDueAt(),
                scheduled ? WorkOrderStatus.SCHEDULED : WorkOrderStatus.UNSCHEDULED, null, null, null, now, now);
        repository.insert(TenantScope.require(), workOrder);
        repository.insertTransition(TenantScope.require(), workOrder.id(), new WorkOrderTransition(Ids.newId(clock),
                workOrder.status(), workOrder.status(), "created", actorKeyId, now));
        events.record("work_order.created", "work_order", workOrder.id(), Map.of("work_order", view(workOrder)));
        return workOrder;
    }

    /** One statement, so no transaction: it runs under the tenant in a single round trip. */
    public WorkOrder get(UUID id) {
        return repository.find(id).orElseThrow(() -> new ResourceNotFound("work_order", id));
    }

    @Transactional(readOnly = true)
    Page<WorkOrder> list(WorkOrderRepository.Filters filters, PageRequest page) {
        return Page.of(repository.list(filters, clock.instant(), page), page, WorkOrder::createdAt, WorkOrder::id,
                filters.status(), filters.technicianId(), filters.customerId(), filters.scheduledFrom(),
                filters.scheduledTo(), filters.slaBreached());
    }

    @Transactional
    WorkOrder update(UUID id, ObjectNode patch) {
        WorkOrder current = locked(id);
        ETags.requireCurrent(view(current));
        if (!current.status().isOpen()) {
            throw new ProblemException(ProblemCode.CONFLICT, "A %s work order cannot be changed".formatted(current.status()));
        }
        WorkOrderFields merged = patches.apply(new WorkOrderFields(current.description(), current.priority(),
                current.siteAddress(), current.scheduledStart(), current.scheduledEnd(), current.slaDueAt()), patch,
                WorkOrderFields.class);
        checkSchedule(merged.scheduledStart(), merged.scheduledEnd());
        boolean needsSchedule = current.status() != WorkOrderStatus.UNSCHEDULED;
        if (needsSchedule && (merged.scheduledStart() == null || merged.scheduledEnd() == null)) {
            throw InvalidInput.pointer("/scheduled_start", "a %s work order keeps its schedule".formatted(current.status()));
        }
        WorkOrder next = new WorkOrder(id, current.number(), current.customerId(), current.assetId(),
                current.technicianId(), merged.description().strip(),
                merged.priority() == null ? TicketPriority.NORMAL : merged.priority(), merged.siteAddress(),
                merged.scheduledStart(), merged.scheduledEnd(), merged.slaDueAt(), current.status(),
                current.signatureName(), current.signedAt(), current.completedAt(), current.createdAt(), now());
        repository.update(next);
        return next;
    }

    /** Assigns (or reassigns) a technician; allowed until work starts. */
    @Transactional
    WorkOrder assign(UUID id, UUID technicianId, UUID actorKeyId) {
        WorkOrder current = locked(id);
        ETags.requireCurrent(view(current));
        if (!current.status().allowsAssignment()) {
            throw new ProblemException(ProblemCode.INVALID_TRANSITION, "A %s work order cannot be reassigned; "
                    .formatted(current.status()) + "assignment is allowed before in_progress", List.of(),
                    Map.of("current_status", current.status().wireName()));
        }
        technicians.assignable(technicianId, "/technician_id");
        WorkOrder next = with(current, technicianId, current.status(), current.signatureName(), current.signedAt(),
                current.completedAt());
        repository.update(next);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("work_order", view(next));
        data.put("previous_technician_id", current.technicianId());
        events.record("work_order.assigned", "work_order", id, data);
        return next;
    }

    @Transactional
    WorkOrder transition(UUID id, WorkOrderStatus target, String note, String signatureName, UUID actorKeyId) {
        WorkOrder current = locked(id);
        ETags.requireCurrent(view(current));
        if (!current.status().canMoveTo(target)) {
            throw new InvalidTransition("work order", current.status(), target, current.status().next());
        }
        if (target == WorkOrderStatus.SCHEDULED && !current.hasSchedule()) {
            throw InvalidInput.pointer("/to", "set scheduled_start and scheduled_end before scheduling");
        }
        if (target == WorkOrderStatus.DISPATCHED && (current.technicianId() == null || !current.hasSchedule())) {
            throw InvalidInput.pointer("/to", "dispatching needs an assigned technician and a schedule");
        }
        boolean completing = target == WorkOrderStatus.COMPLETED;
        if (completing && (signatureName == null || signatureName.isBlank())) {
            throw InvalidInput.pointer("/signature_name", "the customer's sign-off is required to complete");
        }
        if (!completing && signatureName != null) {
            throw InvalidInput.pointer("/signature_name", "applies only when completing");
        }
        Instant now = now();
        WorkOrder next = with(current, current.technicianId(), target,
                completing ? signatureName.strip() : current.signatureName(), completing ? now : current.signedAt(),
                completing ? now : current.completedAt());
        repository.update(next);
        repository.insertTransition(TenantScope.require(), id,
                new WorkOrderTransition(Ids.newId(clock), current.status(), target, note, actorKeyId, now));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("work_order", view(next));
        data.put("previous_status", current.status());
        data.put("note", note);
        events.record("work_order.transitioned", "work_order", id, data);
        return next;
    }

    @Transactional(readOnly = true)
    Page<WorkOrderTransition> history(UUID id, PageRequest page) {
        get(id);
        return Page.of(repository.history(id, page), page, WorkOrderTransition::createdAt, WorkOrderTransition::id, id);
    }

    /** Takes parts from stock for this job: a {@code consume} movement referencing the work order. */
    @Transactional
    Movement consumeParts(UUID id, UUID partId, UUID locationId, BigDecimal quantity, UUID actorKeyId) {
        WorkOrder workOrder = repository.find(id).orElseThrow(() -> new ResourceNotFound("work_order", id));
        if (!workOrder.status().isOpen()) {
            throw new ProblemException(ProblemCode.CONFLICT,
                    "Parts cannot be booked on a %s work order".formatted(workOrder.status()));
        }
        return inventory.move(new NewMovement(partId, locationId, MovementType.CONSUME, quantity, null, null,
                "work_order:" + workOrder.number(), null), actorKeyId);
    }

    WorkOrderView view(WorkOrder workOrder) {
        return WorkOrderView.of(workOrder, clock.instant());
    }

    /** A customer with open work orders stays: its delete answers 409 {@code resource_in_use}. */
    @EventListener
    void refuseDeletingCustomerWithOpenWorkOrders(CustomerDeleting deleting) {
        long open = repository.openOfCustomer(deleting.customerId());
        if (open > 0) {
            throw new ResourceInUse("The customer has %d open work order%s; complete or cancel %s first"
                    .formatted(open, open == 1 ? "" : "s", open == 1 ? "it" : "them"), Map.of("open_work_orders", open));
        }
    }

    private WorkOrder locked(UUID id) {
        return repository.lock(id).orElseThrow(() -> new ResourceNotFound("work_order", id));
    }

    private WorkOrder with(WorkOrder w, UUID technicianId, WorkOrderStatus status, String signatureName,
            Instant signedAt, Instant completedAt) {
        return new WorkOrder(w.id(), w.number(), w.customerId(), w.assetId(), technicianId, w.description(),
                w.priority(), w.siteAddress(), w.scheduledStart(), w.scheduledEnd(), w.slaDueAt(), status,
                signatureName, signedAt, completedAt, w.createdAt(), now());
    }

    private static void checkSchedule(Instant start, Instant end) {
        if ((start == null) != (end == null)) {
            throw InvalidInput.pointer(start == null ? "/scheduled_start" : "/scheduled_end",
                    "scheduled_start and scheduled_end go together");
        }
        if (start != null && !end.isAfter(start)) {
            throw InvalidInput.pointer("/scheduled_end", "must be after scheduled_start");
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
