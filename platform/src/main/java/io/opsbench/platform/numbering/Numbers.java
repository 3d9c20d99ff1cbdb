package io.opsbench.platform.numbering;

import io.opsbench.platform.tenancy.TenantScope;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Per-tenant human numbers: {@code T-000001}, {@code T-000002}, … for tickets, and the same for work
 * orders and quotes under their own counter names. The counter row is bumped in the caller's
 * transaction, so concurrent creates of one tenant queue on that row (other tenants and other
 * counters are not held up), a number is never handed out twice, and a rolled-back create gives its
 * number back: numbers have no gaps unless a created row is later deleted.
 */
@Service
public class Numbers {

    private static final String NEXT = """
            INSERT INTO tenant_counters (tenant_id, name, value)
            VALUES (:tenantId, :name, 1)
            ON CONFLICT (tenant_id, name) DO UPDATE SET value = tenant_counters.value + 1
            RETURNING value
            """;

    private final JdbcClient jdbc;

    Numbers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The next number of a counter for the bound tenant, formatted as {@code PREFIX-000042}. Must run
     * inside the transaction that stores the numbered row, so the number and the row commit together.
     *
     * @param counter the counter's name, {@code [a-z_]+} ({@code tickets}, {@code work_orders})
     * @param prefix  what the formatted number starts with ({@code T}, {@code WO})
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public String next(String counter, String prefix) {
        long value = jdbc.sql(NEXT)
                .param("tenantId", TenantScope.require().value())
                .param("name", counter)
                .query(Long.class)
                .single();
        return "%s-%06d".formatted(prefix, value);
    }
}
