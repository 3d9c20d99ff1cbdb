package io.opsbench.platform.ratelimit;

import io.opsbench.platform.tenancy.TenantId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class RateLimitRepository {

    // Rows of many tenants in one statement: through the owner's SECURITY DEFINER function.
    private static final String ADD = """
            SELECT tenant_id, subject, consumed
            FROM add_rate_limit_consumption(CAST(:tenantIds AS uuid[]), CAST(:subjects AS text[]),
                                            CAST(:window AS timestamptz), CAST(:consumed AS bigint[]))
            """;
    private static final String PURGE = "SELECT purge_rate_limit_windows(CAST(:before AS timestamptz))";

    private final JdbcClient jdbc;

    RateLimitRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds each bucket's consumption to the window's counters; answers the cluster's totals. */
    Map<Buckets.Subject, Long> add(Instant window, List<Buckets.Consumption> batch) {
        return jdbc.sql(ADD)
                .param("tenantIds", batch.stream().map(c -> c.subject().tenant().toString()).toArray(String[]::new))
                .param("subjects", batch.stream().map(c -> c.subject().name()).toArray(String[]::new))
                .param("window", window.atOffset(ZoneOffset.UTC))
                .param("consumed", batch.stream().map(c -> Long.toString(c.consumed())).toArray(String[]::new))
                .query((rs, row) -> Map.entry(new Buckets.Subject(TenantId.of(rs.getObject("tenant_id", UUID.class)),
                        rs.getString("subject")), rs.getLong("consumed")))
                .list().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    void purgeBefore(Instant before) {
        jdbc.sql(PURGE).param("before", before.atOffset(ZoneOffset.UTC)).query().listOfRows();
    }
}
