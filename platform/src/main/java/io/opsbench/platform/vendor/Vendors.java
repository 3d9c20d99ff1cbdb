package io.opsbench.platform.vendor;

import io.opsbench.platform.auth.VendorId;
import io.opsbench.platform.auth.VendorKeys;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Marketplace vendors, created by the operator. */
@Service
public class Vendors {

    private final VendorRepository repository;
    private final VendorKeys keys;
    private final Clock clock;

    Vendors(VendorRepository repository, VendorKeys keys, Clock clock) {
        this.repository = repository;
        this.keys = keys;
        this.clock = clock;
    }

    /** A new vendor and its key, committed together. */
    public record Created(Vendor vendor, String apiKey) {
    }

    @Transactional
    public Created create(String name, String email) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Vendor vendor = new Vendor(new VendorId(Ids.newId(clock)), name, email, now, now);
        repository.insert(vendor);
        return new Created(vendor, keys.rotate(vendor.id()));
    }

    @Transactional(readOnly = true)
    public Vendor get(VendorId id) {
        return repository.find(id).orElseThrow(() -> new ResourceNotFound("vendor", id));
    }

    @Transactional(readOnly = true)
    public Page<Vendor> list(PageRequest page) {
        return Page.of(repository.list(page), page, Vendor::createdAt, vendor -> vendor.id().value());
    }

    /** Replaces the vendor's key: the old one stops working at once. */
    @Transactional
    public String rotateKey(VendorId id) {
        get(id);
        return keys.rotate(id);
    }
}
