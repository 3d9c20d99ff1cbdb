package io.opsbench.platform.plugin;

import io.opsbench.platform.storage.Claims;
import io.opsbench.platform.storage.IdCounts;
import io.opsbench.platform.tenancy.TenantId;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class PluginEventRepository {

    private static final String CLAIM = """
            SELECT tenant_id, delivery_id, attempt, locked_until, installation_id, event_id, event_type,
                   event_created_at, payload::text AS payload, resume_after
            FROM claim_plugin_event_deliveries(:limit, :now, CAST(:lease AS interval), :perInstallation,
                                               CAST(:busyInstallations AS uuid[]),
                                               CAST(:busyCounts AS int[]), CAST(:after AS uuid))
            """;
    // Only the lease holder records its attempt.
    private static final String RECORD = """
            UPDATE plugin_event_deliveries
            SET status = :status, next_attempt_at = :nextAttemptAt, locked_until = NULL, last_error = :error,
                last_attempt_at = :attemptedAt, updated_at = :attemptedAt
            WHERE id = :id AND attempts = :attempt AND locked_until = :lockedUntil
            """;
    private static final String STATUS = """
            SELECT e.type, d.status FROM plugin_event_deliveries d JOIN outbox_events e ON e.id = d.event_id
            WHERE d.installation_id = :installationId ORDER BY d.created_at
            """;

    private final JdbcClient jdbc;

    PluginEventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Claimed(TenantId tenantId, UUID deliveryId, int attempt, OffsetDateTime lockedUntil, UUID installationId,
            String eventId, String eventType, Instant eventCreatedAt, String payload) {
    }

    /**
     * Claims up to {@code limit} due deliveries, going round the installations from the one after {@code after}
     * (from the first when null) and taking from each at most {@code perInstallation} less what {@code inFlight}
     * says this node is already calling it with (V19).
     */
    Claims<Claimed> claim(int limit, Instant now, Duration lease, int perInstallation, IdCounts inFlight, UUID after) {
        return Claims.query(jdbc.sql(CLAIM).param("limit", limit).param("now", now.atOffset(ZoneOffset.UTC))
                .param("lease", lease.toMillis() + " milliseconds").param("perInstallation", perInstallation)
                .param("busyInstallations", inFlight.ids()).param("busyCounts", inFlight.counts())
                .param("after", after, Types.OTHER),
                (rs, n) -> new Claimed(TenantId.of(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("delivery_id", UUID.class), rs.getInt("attempt"),
                        rs.getObject("locked_until", OffsetDateTime.class), rs.getObject("installation_id", UUID.class),
                        rs.getString("event_id"), rs.getString("event_type"),
                        rs.getObject("event_created_at", OffsetDateTime.class).toInstant(), rs.getString("payload")),
                after);
    }

    boolean record(Claimed claimed, String status, Instant nextAttemptAt, String error, Instant attemptedAt) {
        return jdbc.sql(RECORD).param("id", claimed.deliveryId()).param("attempt", claimed.attempt())
                .param("lockedUntil", claimed.lockedUntil()).param("status", status)
                .param("nextAttemptAt", nextAttemptAt == null ? null : nextAttemptAt.atOffset(ZoneOffset.UTC))
                .param("error", error).param("attemptedAt", attemptedAt.atOffset(ZoneOffset.UTC)).update() == 1;
    }

    /** Event type and delivery status of an installation's deliveries, oldest first (for operations and tests). */
    List<String[]> statuses(UUID installationId) {
        return jdbc.sql(STATUS).param("installationId", installationId)
                .query((rs, n) -> new String[] {rs.getString(1), rs.getString(2)}).list();
    }
}
