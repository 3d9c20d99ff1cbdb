package io.opsbench.platform.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.opsbench.platform.tenancy.TenantId;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Resolves a bearer key to its principal. Verified keys, and unknown ones, are remembered for
 * {@code opsbench.key-cache-ttl} (5 s), so a hot key costs no database round trip; revoking a key or
 * suspending a tenant evicts at once on this node and within the TTL on the others.
 */
@Component
class Authenticator {

    private final ApiKeyRepository tenantKeys;
    private final PlatformKeyRepository platformKeys;
    private final OperatorKey operatorKey;
    private final Cache<ByteBuffer, Optional<Authenticated>> cache;

    Authenticator(ApiKeyRepository tenantKeys, PlatformKeyRepository platformKeys, OperatorKey operatorKey,
            AuthSettings settings) {
        this.tenantKeys = tenantKeys;
        this.platformKeys = platformKeys;
        this.operatorKey = operatorKey;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(settings.keyCacheTtl())
                .maximumSize(100_000)
                .build();
    }

    /** A principal, and for tenant keys whether the tenant is suspended. */
    record Authenticated(Principal principal, boolean tenantSuspended) {
    }

    Optional<Authenticated> authenticate(String key) {
        if (!looksLikeKey(key)) {
            return Optional.empty();
        }
        byte[] hash = KeyMaterial.hash(key);
        return cache.get(ByteBuffer.wrap(hash), ignored -> lookup(key, hash));
    }

    void forgetKey(UUID keyId) {
        cache.asMap().values().removeIf(entry -> entry.isPresent() && entry.get().principal().keyId().equals(keyId));
    }

    void forgetTenant(TenantId tenant) {
        cache.asMap().values().removeIf(entry -> entry.isPresent()
                && entry.get().principal() instanceof Principal.Tenant t && t.tenantId().equals(tenant));
    }

    private Optional<Authenticated> lookup(String key, byte[] hash) {
        if (key.startsWith(KeyMaterial.TENANT_PREFIX)) {
            return tenantKeys.authenticate(hash).map(owner -> new Authenticated(
                    new Principal.Tenant(owner.keyId(), owner.tenantId(), owner.scope()), owner.tenantSuspended()));
        }
        if (key.startsWith(KeyMaterial.VENDOR_PREFIX)) {
            return platformKeys.findVendorKey(hash).map(vendor -> new Authenticated(vendor, false));
        }
        return operatorKey.authenticate(hash).map(operator -> new Authenticated(operator, false));
    }

    /** Printable ASCII, 16 to 200 characters (checked on every request: a loop, not a stream). */
    private static boolean looksLikeKey(String key) {
        if (key.length() < 16 || key.length() > 200) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c <= 32 || c >= 127) {
                return false;
            }
        }
        return true;
    }
}
