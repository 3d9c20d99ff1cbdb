package io.opsbench.platform.auth;

import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Remembers when each key was last used and writes it in one batch every few seconds, instead of a
 * database write per request.
 */
@Component
class LastUsed {

    private static final Logger log = LoggerFactory.getLogger(LastUsed.class);

    private final ApiKeyRepository tenantKeys;
    private final PlatformKeyRepository platformKeys;
    private final Clock clock;
    private final Map<UUID, Instant> tenantKeyUse = new ConcurrentHashMap<>();
    private final Map<UUID, Instant> vendorKeyUse = new ConcurrentHashMap<>();

    LastUsed(ApiKeyRepository tenantKeys, PlatformKeyRepository platformKeys, Clock clock) {
        this.tenantKeys = tenantKeys;
        this.platformKeys = platformKeys;
        this.clock = clock;
    }

    void record(Principal principal) {
        switch (principal) {
            case Principal.Tenant tenant -> tenantKeyUse.put(tenant.keyId(), clock.instant());
            case Principal.Vendor vendor -> vendorKeyUse.put(vendor.keyId(), clock.instant());
            case Principal.Operator operator -> {
            }
        }
    }

    @Scheduled(fixedDelayString = "${opsbench.last-used-flush-interval:5s}")
    @PreDestroy
    void flush() {
        try {
            flushTenantKeys();
            vendorKeyUse.keySet().forEach(id -> {
                Instant at = vendorKeyUse.remove(id);
                if (at != null) {
                    platformKeys.touchVendorKey(id, at);
                }
            });
        } catch (RuntimeException e) {
            log.warn("Could not record key use; will retry", e);
        }
    }

    private void flushTenantKeys() {
        if (tenantKeyUse.isEmpty()) {
            return;
        }
        var ids = new java.util.ArrayList<String>();
        var times = new java.util.ArrayList<String>();
        for (UUID id : tenantKeyUse.keySet()) {
            Instant at = tenantKeyUse.remove(id);
            if (at != null) {
                ids.add(id.toString());
                times.add(at.atOffset(ZoneOffset.UTC).toString());
            }
        }
        tenantKeys.touch(ids.toArray(String[]::new), times.toArray(String[]::new));
    }
}
