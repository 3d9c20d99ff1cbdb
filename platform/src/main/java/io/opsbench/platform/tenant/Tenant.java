package io.opsbench.platform.tenant;

import io.opsbench.platform.tenancy.TenantId;
import java.time.Instant;

/**
 * A shop on the platform. {@code rateLimitPerMinute} and {@code monthlyApiCallQuota} are the operator's
 * overrides of the plan's limits; {@code null} means the plan's default.
 */
public record Tenant(TenantId id, String name, Plan plan, TenantStatus status, Integer rateLimitPerMinute,
        Long monthlyApiCallQuota, Instant createdAt, Instant updatedAt) {
}
