package io.opsbench.platform.event;

import io.opsbench.platform.storage.Ids;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox: a feature records what happened in the same transaction as the change,
 * so an event exists exactly when its change committed. Delivery (webhooks) reads the table later
 * and never runs inside the feature's transaction.
 */
@Service
public class DomainEvents {

    private static final String INSERT = """
            INSERT INTO outbox_events (tenant_id, id, type, resource_type, resource_id, sequence, payload, created_at)
            SELECT :tenantId, :id, :type, :resourceType, :resourceId, COALESCE(MAX(sequence), 0) + 1,
                   CAST(:payload AS jsonb), :createdAt
            FROM outbox_events
            WHERE resource_type = :resourceType AND resource_id = :resourceId
            RETURNING sequence
            """;

    private static final String SET_TENANT = "SELECT set_config('app.tenant_id', :tenant, true)";

    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final Clock clock;

    DomainEvents(JdbcClient jdbc, JsonMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Writes an event for the bound tenant into the caller's transaction. The caller must hold the
     * resource's row lock (or have just inserted the row): {@code sequence} is the resource's last
     * sequence plus one, and two unlocked writers would collide on the unique constraint.
     *
     * @param type         {@code ticket.transitioned}
     * @param resourceType {@code ticket}
     * @param data         serialized as the payload, with the API's JSON conventions
     */
    public RecordedEvent record(String type, String resourceType, UUID resourceId, Object data) {
        return insert(TenantScope.require(), type, resourceType, resourceId, data);
    }

    /**
     * For the rare change that touches several tenants in one transaction (a yank suspends every
     * tenant's installations of a release): records the event for {@code tenant} by switching the
     * transaction's row-level-security tenant for the insert, then back to none, so nothing after it
     * runs as that tenant.
     */
    public RecordedEvent recordFor(TenantId tenant, String type, String resourceType, UUID resourceId, Object data) {
        jdbc.sql(SET_TENANT).param("tenant", tenant.toString()).query().singleRow();
        try {
            return insert(tenant, type, resourceType, resourceId, data);
        } finally {
            jdbc.sql(SET_TENANT).param("tenant", "").query().singleRow();
        }
    }

    private RecordedEvent insert(TenantId tenant, String type, String resourceType, UUID resourceId, Object data) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Domain events are recorded inside the transaction of their change");
        }
        String id = "evt_" + Ids.newId(clock).toString().replace("-", "");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        long sequence = jdbc.sql(INSERT)
                .param("tenantId", tenant.value())
                .param("id", id)
                .param("type", type)
                .param("resourceType", resourceType)
                .param("resourceId", resourceId)
                .param("payload", json.writeValueAsString(data))
                .param("createdAt", OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
                .query(Long.class)
                .single();
        return new RecordedEvent(id, type, resourceType, resourceId, sequence, now);
    }

    /** An event as written; its payload stays in the outbox. */
    public record RecordedEvent(String id, String type, String resourceType, UUID resourceId, long sequence,
            Instant createdAt) {
    }
}
