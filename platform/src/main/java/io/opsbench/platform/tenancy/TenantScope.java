package io.opsbench.platform.tenancy;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The tenant the current thread works for. Every transaction opened while a tenant is bound sets
 * {@code app.tenant_id} for PostgreSQL's row-level security, so a query that forgets its tenant
 * filter still sees only that tenant's rows; with none bound it sees no tenant rows at all.
 */
public final class TenantScope {

    private static final ThreadLocal<TenantId> CURRENT = new ThreadLocal<>();

    private TenantScope() {
    }

    public static Optional<TenantId> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    public static TenantId require() {
        TenantId tenant = CURRENT.get();
        if (tenant == null) {
            throw new IllegalStateException("No tenant bound to this thread");
        }
        return tenant;
    }

    public static <T> T call(TenantId tenant, Supplier<T> work) {
        TenantId previous = CURRENT.get();
        CURRENT.set(tenant);
        try {
            return work.get();
        } finally {
            restore(previous);
        }
    }

    public static void run(TenantId tenant, Runnable work) {
        call(tenant, () -> {
            work.run();
            return null;
        });
    }

    /** Binds a tenant for the rest of a request; the caller must {@link #clear()} it. */
    public static void bind(TenantId tenant) {
        CURRENT.set(tenant);
    }

    public static void clear() {
        CURRENT.remove();
    }

    private static void restore(TenantId previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }
}
