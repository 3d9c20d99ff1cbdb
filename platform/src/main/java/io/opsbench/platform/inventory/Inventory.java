package io.opsbench.platform.inventory;

import io.opsbench.platform.web.ETags;
import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import io.opsbench.platform.web.ResourceNotFound;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Parts inventory. Stock is derived from an append-only ledger of movements; each movement locks its
 * part's row, checks and changes the location's stock with a conditional update, appends itself to
 * the ledger and, when the part's available stock falls below its reorder point, records
 * {@code inventory.low_stock} — all in one transaction.
 */
@Service
public class Inventory {

    private final InventoryRepository repository;
    private final DomainEvents events;
    private final Clock clock;

    Inventory(InventoryRepository repository, DomainEvents events, Clock clock) {
        this.repository = repository;
        this.events = events;
        this.clock = clock;
    }

    @Transactional
    public Location createLocation(String name, LocationKind kind) {
        Instant now = now();
        Location location = new Location(Ids.newId(clock), name, kind == null ? LocationKind.WAREHOUSE : kind, now, now);
        repository.insertLocation(TenantScope.require(), location);
        return location;
    }

    @Transactional(readOnly = true)
    public Location location(UUID id) {
        return repository.findLocation(id).orElseThrow(() -> new ResourceNotFound("location", id));
    }

    @Transactional(readOnly = true)
    public Page<Location> locations(PageRequest page) {
        return Page.of(repository.listLocations(page), page, Location::createdAt, Location::id);
    }

    @Transactional
    public Location updateLocation(UUID id, String name, LocationKind kind) {
        Location current = location(id);
        ETags.requireCurrent(current);
        Location next = new Location(id, name == null ? current.name() : name, kind == null ? current.kind() : kind,
                current.createdAt(), now());
        repository.updateLocation(next);
        return next;
    }

    @Transactional
    public Part createPart(String sku, String name, String unit, BigDecimal reorderPoint) {
        Instant now = now();
        InventoryRepository.PartRow row = new InventoryRepository.PartRow(Ids.newId(clock), sku, name,
                unit == null ? "each" : unit, quantity(reorderPoint == null ? BigDecimal.ZERO : reorderPoint,
                "/reorder_point", true), BigDecimal.ZERO, BigDecimal.ZERO, now, now);
        try {
            repository.insertPart(TenantScope.require(), row);
        } catch (DuplicateKeyException e) {
            throw new ProblemException(ProblemCode.CONFLICT, "A part with SKU " + sku + " already exists",
                    List.of(), Map.of("sku", sku));
        }
        return withStock(List.of(row)).getFirst();
    }

    @Transactional(readOnly = true)
    public Part part(UUID id) {
        return withStock(List.of(repository.findPart(id).orElseThrow(() -> new ResourceNotFound("part", id))))
                .getFirst();
    }

    @Transactional(readOnly = true)
    public Page<Part> parts(String sku, PageRequest page) {
        List<InventoryRepository.PartRow> rows = repository.listParts(sku, page);
        return Page.of(withStock(rows), page, Part::createdAt, Part::id, sku);
    }

    @Transactional
    public Part updatePart(UUID id, String name, String unit, BigDecimal reorderPoint) {
        InventoryRepository.PartRow current = repository.lockPart(id)
                .orElseThrow(() -> new ResourceNotFound("part", id));
        ETags.requireCurrent(withStock(List.of(current)).getFirst());
        InventoryRepository.PartRow next = new InventoryRepository.PartRow(id, current.sku(),
                name == null ? current.name() : name, unit == null ? current.unit() : unit,
                reorderPoint == null ? current.reorderPoint() : quantity(reorderPoint, "/reorder_point", true),
                current.receivedQuantity(), current.receivedValue(), current.createdAt(), now());
        repository.updatePart(next);
        return withStock(List.of(next)).getFirst();
    }

    /** Records a movement; the caller's key id is kept as its actor. */
    @Transactional
    public Movement move(NewMovement request, UUID actorKeyId) {
        TenantId tenant = TenantScope.require();
        validate(request);
        InventoryRepository.PartRow part = repository.lockPart(request.partId())
                .orElseThrow(() -> new ResourceNotFound("part", request.partId()));
        location(request.locationId());
        if (request.toLocationId() != null) {
            location(request.toLocationId());
        }
        BigDecimal availableBefore = available(part.id());
        BigDecimal q = request.quantity();
        switch (request.type()) {
            case RECEIVE -> {
                repository.addOnHand(tenant, part.id(), request.locationId(), q);
                repository.recordReceipt(part.id(), q, request.unitCost());
            }
            case ADJUST -> {
                if (q.signum() > 0) {
                    repository.addOnHand(tenant, part.id(), request.locationId(), q);
                } else {
                    take(part.id(), request.locationId(), q.negate());
                }
            }
            case TRANSFER -> {
                take(part.id(), request.locationId(), q);
                repository.addOnHand(tenant, part.id(), request.toLocationId(), q);
            }
            case CONSUME -> take(part.id(), request.locationId(), q);
            case RESERVE -> {
                if (!repository.reserve(part.id(), request.locationId(), q)) {
                    throw shortage("available", part.id(), request.locationId(), q);
                }
            }
            case RELEASE -> {
                if (!repository.release(part.id(), request.locationId(), q)) {
                    throw shortage("reserved", part.id(), request.locationId(), q);
                }
            }
        }
        if (request.type() != MovementType.RECEIVE) {
            repository.bumpStockVersion(part.id());
        }
        Movement movement = new Movement(Ids.newId(clock), part.id(), request.locationId(), request.type(), q,
                request.unitCost(), request.toLocationId(), request.reference(), request.reason(), actorKeyId, now());
        repository.insertMovement(tenant, movement);
        BigDecimal availableAfter = available(part.id());
        if (availableBefore.compareTo(part.reorderPoint()) >= 0 && availableAfter.compareTo(part.reorderPoint()) < 0) {
            Part stocked = withStock(List.of(part)).getFirst();
            events.record("inventory.low_stock", "part", part.id(), new LowStock(stocked, movement.id()));
        }
        return movement;
    }

    @Transactional(readOnly = true)
    public Movement movement(UUID id) {
        return repository.findMovement(id).orElseThrow(() -> new ResourceNotFound("movement", id));
    }

    @Transactional(readOnly = true)
    public Page<Movement> movements(UUID partId, UUID locationId, PageRequest page) {
        return Page.of(repository.listMovements(partId, locationId, page), page, Movement::createdAt, Movement::id,
                partId, locationId);
    }

    /** The payload of {@code inventory.low_stock}: the part as it now stands and the movement that did it. */
    record LowStock(Part part, UUID movementId) {
    }

    private void take(UUID partId, UUID locationId, BigDecimal quantity) {
        if (!repository.takeAvailable(partId, locationId, quantity)) {
            throw shortage("available", partId, locationId, quantity);
        }
    }

    private InsufficientStock shortage(String what, UUID partId, UUID locationId, BigDecimal requested) {
        var row = repository.stock(List.of(partId)).stream().filter(s -> s.locationId().equals(locationId)).findFirst();
        BigDecimal have = row.map(s -> what.equals("reserved") ? s.reserved() : s.onHand().subtract(s.reserved()))
                .orElse(BigDecimal.ZERO);
        return new InsufficientStock(what, partId, locationId, requested, have);
    }

    private BigDecimal available(UUID partId) {
        return repository.stock(List.of(partId)).stream().map(s -> s.onHand().subtract(s.reserved()))
                .reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    private List<Part> withStock(List<InventoryRepository.PartRow> rows) {
        Map<UUID, List<InventoryRepository.StockRow>> stock = repository
                .stock(rows.stream().map(InventoryRepository.PartRow::id).toList()).stream()
                .collect(Collectors.groupingBy(InventoryRepository.StockRow::partId));
        return rows.stream().map(row -> {
            List<InventoryRepository.StockRow> levels = stock.getOrDefault(row.id(), List.of());
            BigDecimal onHand = levels.stream().map(InventoryRepository.StockRow::onHand)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            BigDecimal reserved = levels.stream().map(InventoryRepository.StockRow::reserved)
                    .reduce(BigDecimal.ZERO, BigDecimal::add);
            Long averageCost = row.receivedQuantity().signum() == 0 ? null
                    : row.receivedValue().divide(row.receivedQuantity(), 0, RoundingMode.HALF_UP).longValueExact();
            return new Part(row.id(), row.sku(), row.name(), row.unit(), plain(row.reorderPoint()), plain(onHand),
                    plain(reserved), plain(onHand.subtract(reserved)),
                    levels.stream().map(l -> new Part.LocationStock(l.locationId(), plain(l.onHand()),
                            plain(l.reserved()))).toList(),
                    averageCost, row.createdAt(), row.updatedAt());
        }).toList();
    }

    private static void validate(NewMovement request) {
        boolean signed = request.type() == MovementType.ADJUST;
        quantity(request.quantity(), "/quantity", false);
        if (!signed && request.quantity().signum() <= 0) {
            throw InvalidInput.pointer("/quantity", "must be greater than 0");
        }
        if (signed && request.quantity().signum() == 0) {
            throw InvalidInput.pointer("/quantity", "must not be 0");
        }
        if (request.type() == MovementType.RECEIVE && request.unitCost() == null) {
            throw InvalidInput.pointer("/unit_cost", "is required to receive stock");
        }
        if (request.type() != MovementType.RECEIVE && request.unitCost() != null) {
            throw InvalidInput.pointer("/unit_cost", "applies only to receive");
        }
        if (request.type() == MovementType.ADJUST && (request.reason() == null || request.reason().isBlank())) {
            throw InvalidInput.pointer("/reason", "is required to adjust stock");
        }
        if (request.type() == MovementType.TRANSFER) {
            if (request.toLocationId() == null) {
                throw InvalidInput.pointer("/to_location_id", "is required to transfer stock");
            }
            if (request.toLocationId().equals(request.locationId())) {
                throw InvalidInput.pointer("/to_location_id", "must differ from location_id");
            }
        } else if (request.toLocationId() != null) {
            throw InvalidInput.pointer("/to_location_id", "applies only to transfer");
        }
    }

    private static BigDecimal quantity(BigDecimal value, String pointer, boolean allowZero) {
        if (value.stripTrailingZeros().scale() > 3) {
            throw InvalidInput.pointer(pointer, "has more than 3 decimals");
        }
        if (value.abs().compareTo(new BigDecimal("1000000000000")) >= 0) {
            throw InvalidInput.pointer(pointer, "is too large");
        }
        if (allowZero && value.signum() < 0) {
            throw InvalidInput.pointer(pointer, "must not be negative");
        }
        return value;
    }

    private static BigDecimal plain(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
