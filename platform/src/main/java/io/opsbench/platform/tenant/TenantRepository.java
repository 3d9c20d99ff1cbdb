package io.opsbench.platform.tenant;

import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TenantRepository {

    private static final String INSERT = """
            INSERT INTO tenants (id, name, plan, status, created_at, updated_at)
            VALUES (:id, :name, :plan, :status, :createdAt, :updatedAt)
            """;
    private static final String FIND = """
            SELECT id, name, plan, status, rate_limit_per_minute, monthly_api_call_quota, created_at, updated_at
            FROM tenants WHERE id = :id
            """;
    private static final String UPDATE = """
            UPDATE tenants SET name = :name, plan = :plan, status = :status, rate_limit_per_minute = :rateLimit,
                monthly_api_call_quota = :quota, updated_at = :updatedAt
            WHERE id = :id
            """;
    // Cross-tenant by nature: through the owner's SECURITY DEFINER function.
    private static final String LIST = """
            SELECT id, name, plan, status, rate_limit_per_minute, monthly_api_call_quota, created_at, updated_at
            FROM list_tenants(CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid), CAST(:status AS text), :limit)
            """;

    private final JdbcClient jdbc;

    TenantRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Tenant tenant) {
        jdbc.sql(INSERT)
                .param("id", tenant.id().value())
                .param("name", tenant.name())
                .param("plan", tenant.plan().wireName())
                .param("status", tenant.status().wireName())
                .param("createdAt", utc(tenant.createdAt()))
                .param("updatedAt", utc(tenant.updatedAt()))
                .update();
    }

    Optional<Tenant> find(TenantId id) {
        return jdbc.sql(FIND).param("id", id.value()).query(TenantRepository::tenant).optional();
    }

    void update(Tenant tenant) {
        jdbc.sql(UPDATE)
                .param("id", tenant.id().value())
                .param("name", tenant.name())
                .param("plan", tenant.plan().wireName())
                .param("status", tenant.status().wireName())
                .param("rateLimit", tenant.rateLimitPerMinute(), java.sql.Types.INTEGER)
                .param("quota", tenant.monthlyApiCallQuota(), java.sql.Types.BIGINT)
                .param("updatedAt", utc(tenant.updatedAt()))
                .update();
    }

    List<Tenant> list(TenantStatus status, PageRequest page) {
        return jdbc.sql(LIST)
                .param("afterCreated", utc(page.afterSortKey()))
                .param("afterId", page.afterId())
                .param("status", status == null ? null : status.wireName())
                .param("limit", page.fetchSize())
                .query(TenantRepository::tenant)
                .list();
    }

    private static Tenant tenant(ResultSet rs, int row) throws SQLException {
        return new Tenant(TenantId.of(rs.getObject("id", UUID.class)), rs.getString("name"),
                Plan.fromWire(rs.getString("plan")), TenantStatus.fromWire(rs.getString("status")),
                rs.getObject("rate_limit_per_minute", Integer.class), rs.getObject("monthly_api_call_quota", Long.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
