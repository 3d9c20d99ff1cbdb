package io.opsbench.platform.tenant;

import io.opsbench.platform.web.ETags;
import io.opsbench.platform.auth.ApiKeys;
import io.opsbench.platform.auth.NewApiKey;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.platform.web.ResourceNotFound;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Tenants, as the operator manages them. Each operation binds the tenant it works on, so even the
 * operator's reads and writes of one tenant run under that tenant's row-level security; only the
 * list goes through the cross-tenant function.
 */
@Service
public class Tenants {

    private final TenantRepository repository;
    private final ApiKeys apiKeys;
    private final TransactionTemplate transactions;
    private final Clock clock;

    Tenants(TenantRepository repository, ApiKeys apiKeys, TransactionTemplate transactions,
            Clock clock) {
        this.repository = repository;
        this.apiKeys = apiKeys;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A new tenant and its first admin key, committed together. */
    public record Created(Tenant tenant, NewApiKey adminKey) {
    }

    /**
     * The changes an operator may make; null leaves a field as it is. The limit overrides are
     * {@link Optional}: null keeps, empty returns to the plan's default.
     */
    public record Changes(String name, Plan plan, TenantStatus status, Optional<Integer> rateLimitPerMinute,
            Optional<Long> monthlyApiCallQuota) {
    }

    public Created create(String name, Plan plan) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Tenant tenant = new Tenant(TenantId.of(Ids.newId(clock)), name, plan, TenantStatus.ACTIVE, null, null, now,
                now);
        return TenantScope.call(tenant.id(), () -> transactions.execute(status -> {
            repository.insert(tenant);
            return new Created(tenant, apiKeys.mint("Admin key", Scope.ADMIN, null));
        }));
    }

    public Tenant get(TenantId id) {
        return TenantScope.call(id, () -> transactions.execute(status -> repository.find(id)))
                .orElseThrow(() -> new ResourceNotFound("tenant", id));
    }

    public Page<Tenant> list(TenantStatus status, PageRequest page) {
        return Page.of(repository.list(status, page), page, Tenant::createdAt, tenant -> tenant.id().value(), status);
    }

    public Tenant update(TenantId id, Changes changes) {
        Tenant updated = TenantScope.call(id, () -> transactions.execute(tx -> {
            Tenant current = repository.find(id).orElseThrow(() -> new ResourceNotFound("tenant", id));
            ETags.requireCurrent(current);
            Tenant next = new Tenant(id,
                    changes.name() == null ? current.name() : changes.name(),
                    changes.plan() == null ? current.plan() : changes.plan(),
                    changes.status() == null ? current.status() : changes.status(),
                    changes.rateLimitPerMinute() == null ? current.rateLimitPerMinute()
                            : changes.rateLimitPerMinute().orElse(null),
                    changes.monthlyApiCallQuota() == null ? current.monthlyApiCallQuota()
                            : changes.monthlyApiCallQuota().orElse(null),
                    current.createdAt(), clock.instant().truncatedTo(ChronoUnit.MICROS));
            repository.update(next);
            return next;
        }));
        apiKeys.forgetCached(id);
        return updated;
    }

    /** A fresh admin key for a tenant that lost its keys. */
    public NewApiKey mintAdminKey(TenantId id) {
        return TenantScope.call(id, () -> transactions.execute(status -> {
            repository.find(id).orElseThrow(() -> new ResourceNotFound("tenant", id));
            return apiKeys.mint("Admin key (issued by the operator)", Scope.ADMIN, null);
        }));
    }
}
