package io.opsbench.platform.customer;

import io.opsbench.platform.web.ETags;
import io.opsbench.platform.event.DomainEvents;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Patches;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/** Customers' assets. An asset always belongs to one visible customer of the bound tenant. */
@Service
public class Assets {

    private final AssetRepository repository;
    private final Customers customers;
    private final Patches patches;
    private final DomainEvents events;
    private final Clock clock;

    Assets(AssetRepository repository, Customers customers, Patches patches, DomainEvents events, Clock clock) {
        this.repository = repository;
        this.customers = customers;
        this.patches = patches;
        this.events = events;
        this.clock = clock;
    }

    /** @throws ResourceNotFound when the customer is not one of this tenant's */
    @Transactional
    public Asset create(UUID customerId, AssetFields fields) {
        customers.reference(customerId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Asset asset = new Asset(Ids.newId(clock), customerId, fields.kind(), fields.make(), fields.model(),
                fields.serialNumber(), fields.location(), fields.notes(), now, now);
        repository.insert(TenantScope.require(), asset);
        events.record("asset.created", "asset", asset.id(), Map.of("asset", asset));
        return asset;
    }

    /** One statement, so no transaction: it runs under the tenant in a single round trip. */
    public Asset get(UUID id) {
        return repository.find(id).orElseThrow(() -> new ResourceNotFound("asset", id));
    }

    @Transactional(readOnly = true)
    public Page<Asset> list(PageRequest page, UUID customerId, String serialNumber) {
        return Page.of(repository.list(page, customerId, serialNumber), page, Asset::createdAt, Asset::id,
                customerId, serialNumber);
    }

    @Transactional
    public Asset update(UUID id, ObjectNode patch) {
        Asset current = repository.lock(id).orElseThrow(() -> new ResourceNotFound("asset", id));
        ETags.requireCurrent(current);
        AssetFields fields = patches.apply(current.fields(), patch, AssetFields.class);
        Asset next = new Asset(id, current.customerId(), fields.kind(), fields.make(), fields.model(),
                fields.serialNumber(), fields.location(), fields.notes(), current.createdAt(),
                clock.instant().truncatedTo(ChronoUnit.MICROS));
        repository.update(next);
        events.record("asset.updated", "asset", id, Map.of("asset", next));
        return next;
    }

    /**
     * The asset a new record of {@code customerId} is about to reference, share-locked until the
     * caller's transaction ends. Not visible → 404; another customer's → 422 on {@code pointer}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Asset referenceOf(UUID customerId, UUID assetId, String pointer) {
        Asset asset = repository.share(assetId).orElseThrow(() -> new ResourceNotFound("asset", assetId));
        if (!asset.customerId().equals(customerId)) {
            throw InvalidInput.pointer(pointer, "belongs to another customer than customer_id");
        }
        return asset;
    }
}
