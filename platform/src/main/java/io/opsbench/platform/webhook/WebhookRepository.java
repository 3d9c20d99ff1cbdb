package io.opsbench.platform.webhook;

import static io.opsbench.platform.storage.Sql.instant;
import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.storage.Claims;
import io.opsbench.platform.storage.IdCounts;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class WebhookRepository {

    private static final String ENDPOINT_COLUMNS = """
            id, url, events, description, enabled, disabled_reason, failing_since, created_at, updated_at""";
    private static final String INSERT_ENDPOINT = """
            INSERT INTO webhook_endpoints (tenant_id, id, url, events, description, enabled, secret, created_at,
                                           updated_at)
            VALUES (:tenantId, :id, :url, CAST(:events AS text[]), :description, true, :secret, :createdAt, :updatedAt)
            """;
    private static final String FIND_ENDPOINT = "SELECT " + ENDPOINT_COLUMNS + " FROM webhook_endpoints WHERE id = :id";
    private static final String LOCK_ENDPOINT = FIND_ENDPOINT + " FOR UPDATE";
    private static final String LOCK_ENDPOINTS = "SELECT " + ENDPOINT_COLUMNS
            + " FROM webhook_endpoints WHERE id = ANY (CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE";
    private static final String LIST_ENDPOINTS = "SELECT " + ENDPOINT_COLUMNS + """
             FROM webhook_endpoints
            WHERE CAST(:afterAt AS timestamptz) IS NULL
               OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))
            ORDER BY created_at, id LIMIT :limit
            """;
    private static final String UPDATE_ENDPOINT = """
            UPDATE webhook_endpoints
            SET url = :url, events = CAST(:events AS text[]), description = :description, enabled = :enabled,
                disabled_reason = :disabledReason, failing_since = :failingSince, updated_at = :updatedAt
            WHERE id = :id
            """;
    private static final String ROTATE_SECRET = """
            UPDATE webhook_endpoints
            SET previous_secret = secret, previous_secret_expires_at = :previousExpiresAt, secret = :secret,
                updated_at = :updatedAt
            WHERE id = :id
            """;
    private static final String DELETE_ENDPOINT = "DELETE FROM webhook_endpoints WHERE id = :id";
    private static final String DELETE_DELIVERIES = "DELETE FROM webhook_deliveries WHERE endpoint_id = :endpointId";
    private static final String DELIVERY_COLUMNS = """
            d.id, d.endpoint_id, d.event_id, e.type AS event_type, d.status, d.attempts, d.last_status_code,
            d.last_error, d.last_attempt_at, d.next_attempt_at, d.created_at, d.updated_at""";
    private static final String FIND_DELIVERY = "SELECT " + DELIVERY_COLUMNS + """
             FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id WHERE d.id = :id
            """;
    private static final String LIST_DELIVERIES = "SELECT " + DELIVERY_COLUMNS + """
             FROM webhook_deliveries d JOIN outbox_events e ON e.id = d.event_id
            WHERE d.endpoint_id = :endpointId
              AND (CAST(:status AS text) IS NULL OR d.status = :status)
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (d.created_at, d.id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY d.created_at, d.id LIMIT :limit
            """;
    private static final String INSERT_DELIVERY = """
            INSERT INTO webhook_deliveries (tenant_id, id, endpoint_id, event_id, status, next_attempt_at, created_at,
                                            updated_at)
            VALUES (:tenantId, :id, :endpointId, :eventId, 'pending', :now, :now, :now)
            """;
    private static final String REPLAY = """
            UPDATE webhook_deliveries
            SET status = 'pending', attempts = 0, next_attempt_at = :now, locked_until = NULL, updated_at = :now
            WHERE id = :id
            """;
    private static final String RECOVER = """
            UPDATE webhook_deliveries
            SET status = 'pending', attempts = 0, next_attempt_at = :now, locked_until = NULL, updated_at = :now
            WHERE endpoint_id = :endpointId AND status = 'dead' AND created_at >= :since
            """;
    // Attempts of one tenant, recorded together; only the holder of the lease records the attempt it claimed, a
    // stale worker's result is dropped. Successes also clear their endpoints' failing streaks (locking an
    // endpoint's row only when there is a streak to clear); failures' streaks are the caller's. The ids twice:
    // = ANY lets the planner look the rows up by key, where a join with the unnest alone could become a scan of
    // every delivery kept.
    private static final String ATTEMPTS = """
            WITH result AS (
                SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:attempts AS int[]), CAST(:leases AS timestamptz[]),
                                     CAST(:statuses AS text[]), CAST(:nextAttemptAt AS timestamptz[]),
                                     CAST(:statusCodes AS int[]), CAST(:errors AS text[]),
                                     CAST(:attemptedAt AS timestamptz[]))
                    AS r(id, attempt, locked_until, status, next_attempt_at, status_code, error, attempted_at)
            ), attempt AS (
                UPDATE webhook_deliveries d
                SET status = r.status, next_attempt_at = r.next_attempt_at, locked_until = NULL,
                    last_status_code = r.status_code, last_error = r.error, last_attempt_at = r.attempted_at,
                    updated_at = r.attempted_at
                FROM result r
                WHERE d.id = r.id AND d.id = ANY (CAST(:ids AS uuid[]))
                  AND d.attempts = r.attempt AND d.locked_until = r.locked_until
                RETURNING d.id, d.endpoint_id, r.attempted_at
            )
            """;
    // Endpoints are locked in id order, as recording failures locks them (LOCK_ENDPOINTS): two nodes writing results
    // of the same endpoints wait for each other instead of deadlocking.
    private static final String RECORD_DELIVERED = ATTEMPTS + """
            , streak AS MATERIALIZED (
                SELECT w.id FROM webhook_endpoints w
                WHERE w.id IN (SELECT endpoint_id FROM attempt) AND w.failing_since IS NOT NULL
                ORDER BY w.id
                FOR UPDATE
            ), healed AS (
                UPDATE webhook_endpoints w SET failing_since = NULL, updated_at = a.attempted_at
                FROM (SELECT endpoint_id, max(attempted_at) AS attempted_at FROM attempt GROUP BY endpoint_id) a
                WHERE w.id = a.endpoint_id AND w.id IN (SELECT id FROM streak)
                RETURNING w.id
            )
            SELECT id FROM attempt
            """;
    private static final String RECORD_FAILED = ATTEMPTS + "SELECT id FROM attempt";
    private static final String DISPATCH = "SELECT dispatch_outbox_events(:limit, :now)";
    private static final String CLAIM = """
            SELECT tenant_id, delivery_id, attempt, locked_until, endpoint_id, url, secret, previous_secret,
                   previous_secret_expires_at, event_id, event_type, event_created_at, payload::text AS payload,
                   resume_after
            FROM claim_webhook_deliveries(:limit, :now, CAST(:lease AS interval), :perEndpoint,
                                          CAST(:busyEndpoints AS uuid[]),
                                          CAST(:busyCounts AS int[]), :perTenant,
                                          CAST(:busyTenants AS uuid[]),
                                          CAST(:busyTenantCounts AS int[]), CAST(:after AS uuid))
            """;
    private static final String PURGE = "SELECT purge_outbox_events(:before)";

    private final JdbcClient jdbc;

    WebhookRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A delivery this node claimed: everything needed to send it without reading again. */
    record Claimed(TenantId tenantId, UUID deliveryId, int attempt, OffsetDateTime lockedUntil, UUID endpointId,
            String url, byte[] secret, byte[] previousSecret, Instant previousSecretExpiresAt, String eventId,
            String eventType, Instant eventCreatedAt, String payload) {
    }

    void insertEndpoint(TenantId tenant, WebhookEndpoint endpoint, byte[] secret) {
        jdbc.sql(INSERT_ENDPOINT).param("tenantId", tenant.value()).param("id", endpoint.id())
                .param("url", endpoint.url()).param("events", endpoint.events().toArray(String[]::new))
                .param("description", endpoint.description()).param("secret", secret)
                .param("createdAt", utc(endpoint.createdAt())).param("updatedAt", utc(endpoint.updatedAt())).update();
    }

    Optional<WebhookEndpoint> findEndpoint(UUID id) {
        return jdbc.sql(FIND_ENDPOINT).param("id", id).query(WebhookRepository::endpoint).optional();
    }

    Optional<WebhookEndpoint> lockEndpoint(UUID id) {
        return jdbc.sql(LOCK_ENDPOINT).param("id", id).query(WebhookRepository::endpoint).optional();
    }

    /** Locks the bound tenant's endpoints among these, in id order (the order every result writer locks them in). */
    List<WebhookEndpoint> lockEndpoints(Collection<UUID> ids) {
        return jdbc.sql(LOCK_ENDPOINTS).param("ids", ids.stream().map(UUID::toString).toArray(String[]::new))
                .query(WebhookRepository::endpoint).list();
    }

    List<WebhookEndpoint> listEndpoints(PageRequest page) {
        return jdbc.sql(LIST_ENDPOINTS).param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(WebhookRepository::endpoint).list();
    }

    void updateEndpoint(WebhookEndpoint endpoint) {
        jdbc.sql(UPDATE_ENDPOINT).param("id", endpoint.id()).param("url", endpoint.url())
                .param("events", endpoint.events().toArray(String[]::new)).param("description", endpoint.description())
                .param("enabled", endpoint.enabled()).param("disabledReason", endpoint.disabledReason())
                .param("failingSince", utc(endpoint.failingSince())).param("updatedAt", utc(endpoint.updatedAt()))
                .update();
    }

    void rotateSecret(UUID id, byte[] secret, Instant previousExpiresAt, Instant now) {
        jdbc.sql(ROTATE_SECRET).param("id", id).param("secret", secret)
                .param("previousExpiresAt", utc(previousExpiresAt)).param("updatedAt", utc(now)).update();
    }

    void deleteDeliveries(UUID endpointId) {
        jdbc.sql(DELETE_DELIVERIES).param("endpointId", endpointId).update();
    }

    boolean deleteEndpoint(UUID id) {
        return jdbc.sql(DELETE_ENDPOINT).param("id", id).update() == 1;
    }

    Optional<WebhookDelivery> findDelivery(UUID id) {
        return jdbc.sql(FIND_DELIVERY).param("id", id).query(WebhookRepository::delivery).optional();
    }

    List<WebhookDelivery> listDeliveries(UUID endpointId, String status, PageRequest page) {
        return jdbc.sql(LIST_DELIVERIES).param("endpointId", endpointId).param("status", status)
                .param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(WebhookRepository::delivery).list();
    }

    void insertDelivery(TenantId tenant, UUID id, UUID endpointId, String eventId, Instant now) {
        jdbc.sql(INSERT_DELIVERY).param("tenantId", tenant.value()).param("id", id).param("endpointId", endpointId)
                .param("eventId", eventId).param("now", utc(now)).update();
    }

    void replay(UUID id, Instant now) {
        jdbc.sql(REPLAY).param("id", id).param("now", utc(now)).update();
    }

    int recover(UUID endpointId, Instant since, Instant now) {
        return jdbc.sql(RECOVER).param("endpointId", endpointId).param("since", utc(since)).param("now", utc(now))
                .update();
    }

    /**
     * What an attempt came to: {@code delivered}, {@code retrying} (again at {@code nextAttemptAt}) or
     * {@code dead}; the status code when the endpoint answered, the error when it did not.
     */
    record Attempted(Claimed claimed, String status, Integer statusCode, String error, Instant nextAttemptAt,
            Instant attemptedAt) {

        boolean delivered() {
            return status.equals("delivered");
        }

        boolean gone() {
            return statusCode != null && statusCode == 410;
        }
    }

    /** Records successful attempts of the bound tenant in one statement; answers those whose lease still held. */
    List<UUID> recordDelivered(List<Attempted> results) {
        return attempts(RECORD_DELIVERED, results);
    }

    /**
     * Records failed attempts of the bound tenant in one statement; answers those whose lease still held. Their
     * endpoints' failing streaks are left to the caller, in the same transaction.
     */
    List<UUID> recordFailed(List<Attempted> results) {
        return attempts(RECORD_FAILED, results);
    }

    private List<UUID> attempts(String sql, List<Attempted> results) {
        return jdbc.sql(sql)
                .param("ids", column(results, r -> r.claimed().deliveryId()))
                .param("attempts", column(results, r -> r.claimed().attempt()))
                .param("leases", column(results, r -> r.claimed().lockedUntil()))
                .param("statuses", column(results, Attempted::status))
                .param("nextAttemptAt", column(results, Attempted::nextAttemptAt))
                .param("statusCodes", column(results, Attempted::statusCode))
                .param("errors", column(results, Attempted::error))
                .param("attemptedAt", column(results, Attempted::attemptedAt))
                .query(UUID.class).list();
    }

    /** One column of a batch, as text the statement casts to its type (ISO timestamps, ids, numbers; nulls kept). */
    private static String[] column(List<Attempted> results, Function<Attempted, Object> column) {
        return results.stream().map(r -> Objects.toString(column.apply(r), null)).toArray(String[]::new);
    }

    int dispatch(int limit, Instant now) {
        return jdbc.sql(DISPATCH).param("limit", limit).param("now", utc(now)).query(Integer.class).single();
    }

    /** How much a claim may take: per endpoint and per tenant, less what this node is already sending. */
    record Limits(int perEndpoint, IdCounts inFlightPerEndpoint, int perTenant, IdCounts inFlightPerTenant) {
    }

    /**
     * Claims up to {@code limit} due deliveries, going round the endpoints from the one after {@code after}
     * (from the first when null) and taking from each at most what the limits leave for it and for its tenant
     * (V18, V20).
     */
    Claims<Claimed> claim(int limit, Instant now, Duration lease, Limits limits, UUID after) {
        return Claims.query(jdbc.sql(CLAIM).param("limit", limit).param("now", utc(now))
                .param("lease", lease.toMillis() + " milliseconds").param("perEndpoint", limits.perEndpoint())
                .param("busyEndpoints", limits.inFlightPerEndpoint().ids())
                .param("busyCounts", limits.inFlightPerEndpoint().counts()).param("perTenant", limits.perTenant())
                .param("busyTenants", limits.inFlightPerTenant().ids())
                .param("busyTenantCounts", limits.inFlightPerTenant().counts())
                .param("after", after, Types.OTHER),
                (rs, n) -> new Claimed(TenantId.of(rs.getObject("tenant_id", UUID.class)),
                        rs.getObject("delivery_id", UUID.class), rs.getInt("attempt"),
                        rs.getObject("locked_until", OffsetDateTime.class), rs.getObject("endpoint_id", UUID.class),
                        rs.getString("url"), rs.getBytes("secret"), rs.getBytes("previous_secret"),
                        instant(rs, "previous_secret_expires_at"), rs.getString("event_id"), rs.getString("event_type"),
                        instant(rs, "event_created_at"), rs.getString("payload")), after);
    }

    int purge(Instant before) {
        return jdbc.sql(PURGE).param("before", utc(before)).query(Integer.class).single();
    }

    private static WebhookEndpoint endpoint(ResultSet rs, int row) throws SQLException {
        return new WebhookEndpoint(rs.getObject("id", UUID.class), rs.getString("url"),
                Arrays.asList((String[]) rs.getArray("events").getArray()), rs.getString("description"),
                rs.getBoolean("enabled"), rs.getString("disabled_reason"), instant(rs, "failing_since"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static WebhookDelivery delivery(ResultSet rs, int row) throws SQLException {
        int code = rs.getInt("last_status_code");
        return new WebhookDelivery(rs.getObject("id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                rs.getString("event_id"), rs.getString("event_type"), rs.getString("status"), rs.getInt("attempts"),
                rs.wasNull() ? null : code, rs.getString("last_error"), instant(rs, "last_attempt_at"),
                instant(rs, "next_attempt_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
