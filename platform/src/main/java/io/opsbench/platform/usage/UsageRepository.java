package io.opsbench.platform.usage;

import io.opsbench.platform.tenancy.TenantId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UsageRepository {

    private static final String FIND = """
            SELECT api_calls FROM api_usage WHERE tenant_id = :tenantId AND period = :period
            """;
    // Rows of many tenants in one statement: through the owner's SECURITY DEFINER function.
    private static final String ADD = """
            SELECT tenant_id, api_calls
            FROM add_api_calls(CAST(:tenantIds AS uuid[]), CAST(:period AS text), CAST(:calls AS bigint[]))
            """;

    private final JdbcClient jdbc;

    UsageRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The recorded calls of the bound tenant in a period. */
    long find(TenantId tenant, String period) {
        return jdbc.sql(FIND).param("tenantId", tenant.value()).param("period", period)
                .query(Long.class).optional().orElse(0L);
    }

    /** Adds each tenant's calls; answers the new totals. */
    Map<TenantId, Long> add(String period, Map<TenantId, Long> calls) {
        List<Map.Entry<TenantId, Long>> rows = List.copyOf(calls.entrySet());
        return jdbc.sql(ADD)
                .param("tenantIds", rows.stream().map(e -> e.getKey().toString()).toArray(String[]::new))
                .param("period", period)
                .param("calls", rows.stream().map(e -> e.getValue().toString()).toArray(String[]::new))
                .query((rs, row) -> Map.entry(TenantId.of(rs.getObject("tenant_id", UUID.class)), rs.getLong("api_calls")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }
}
