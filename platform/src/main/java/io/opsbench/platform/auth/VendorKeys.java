package io.opsbench.platform.auth;

import io.opsbench.platform.storage.Ids;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A vendor has one active key; minting a new one retires the old at once. */
@Service
public class VendorKeys {

    private final PlatformKeyRepository repository;
    private final Authenticator authenticator;
    private final Clock clock;

    VendorKeys(PlatformKeyRepository repository, Authenticator authenticator, Clock clock) {
        this.repository = repository;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** Revokes the vendor's current key, if any, and returns a new secret. */
    @Transactional
    public String rotate(VendorId vendor) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        repository.revokeVendorKeys(vendor, now).forEach(authenticator::forgetKey);
        String secret = KeyMaterial.generate(KeyMaterial.VENDOR_PREFIX);
        UUID id = Ids.newId(clock);
        repository.insertVendorKey(id, vendor, KeyMaterial.displayPrefix(secret), KeyMaterial.hash(secret), now);
        return secret;
    }
}
