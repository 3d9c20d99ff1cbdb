package io.opsbench.platform.technician;

import io.opsbench.platform.web.ETags;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.Patches;
import io.opsbench.platform.web.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.node.ObjectNode;

/** The shop's technicians. They are deactivated, never deleted, so history keeps pointing at them. */
@Service
public class Technicians {

    private final TechnicianRepository repository;
    private final Patches patches;
    private final Clock clock;

    Technicians(TechnicianRepository repository, Patches patches, Clock clock) {
        this.repository = repository;
        this.patches = patches;
        this.clock = clock;
    }

    @Transactional
    Technician create(TechnicianFields fields) {
        Instant now = now();
        Technician technician = new Technician(Ids.newId(clock), fields.name().strip(), fields.email(),
                fields.phone(), fields.skills() == null ? List.of() : List.copyOf(fields.skills()),
                fields.active() == null || fields.active(), now, now);
        repository.insert(TenantScope.require(), technician);
        return technician;
    }

    /** One statement, so no transaction: it runs under the tenant in a single round trip. */
    public Technician get(UUID id) {
        return repository.find(id).orElseThrow(() -> new ResourceNotFound("technician", id));
    }

    @Transactional(readOnly = true)
    Page<Technician> list(Boolean active, String skill, PageRequest page) {
        return Page.of(repository.list(active, skill, page), page, Technician::createdAt, Technician::id);
    }

    @Transactional
    Technician update(UUID id, ObjectNode patch) {
        Technician current = get(id);
        ETags.requireCurrent(current);
        TechnicianFields merged = patches.apply(new TechnicianFields(current.name(), current.email(), current.phone(),
                current.skills(), current.active()), patch, TechnicianFields.class);
        Technician next = new Technician(id, merged.name().strip(), merged.email(), merged.phone(),
                merged.skills() == null ? List.of() : List.copyOf(merged.skills()),
                merged.active() == null || merged.active(), current.createdAt(), now());
        repository.update(next);
        return next;
    }

    /**
     * An active technician a record is about to be assigned to, share-locked until the caller's
     * transaction ends. Not visible → 404; inactive → 422 on {@code pointer}.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Technician assignable(UUID id, String pointer) {
        Technician technician = repository.share(id).orElseThrow(() -> new ResourceNotFound("technician", id));
        if (!technician.active()) {
            throw InvalidInput.pointer(pointer, "technician " + id + " is inactive");
        }
        return technician;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
