package io.opsbench.platform.tenant;

import io.opsbench.platform.tenancy.TenantId;
import java.time.Instant;

public record Tenant(TenantId id, String name, Plan plan, TenantStatus status, Instant createdAt, Instant updatedAt) {
}
