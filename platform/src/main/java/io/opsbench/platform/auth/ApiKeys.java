package io.opsbench.platform.auth;

import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's API keys: mint, list, revoke. Callers run with the tenant bound. */
@Service
public class ApiKeys {

    private final ApiKeyRepository repository;
    private final Authenticator authenticator;
    private final Clock clock;

    ApiKeys(ApiKeyRepository repository, Authenticator authenticator, Clock clock) {
        this.repository = repository;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    /** Mints a key inside the caller's transaction (a new tenant's first key commits with the tenant). */
    @Transactional
    public NewApiKey mint(String name, Scope scope, UUID createdBy) {
        TenantId tenant = TenantScope.require();
        String secret = KeyMaterial.generate(KeyMaterial.TENANT_PREFIX);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        ApiKey key = new ApiKey(Ids.newId(clock), name, scope, KeyMaterial.displayPrefix(secret), createdBy, now,
                null);
        repository.insert(tenant, key, KeyMaterial.hash(secret));
        return new NewApiKey(key, secret);
    }

    @Transactional(readOnly = true)
    public Page<ApiKey> list(PageRequest page) {
        return Page.of(repository.list(page), page, ApiKey::createdAt, ApiKey::id);
    }

    /** Drops a tenant's verified keys from this node's cache after a change that affects them. */
    public void forgetCached(TenantId tenant) {
        authenticator.forgetTenant(tenant);
    }

    @Transactional
    public void revoke(UUID id) {
        if (!repository.revoke(id, clock.instant())) {
            throw new ResourceNotFound("api_key", id);
        }
        authenticator.forgetKey(id);
    }
}
