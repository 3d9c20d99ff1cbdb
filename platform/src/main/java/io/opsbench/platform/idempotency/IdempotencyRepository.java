package io.opsbench.platform.idempotency;

import io.opsbench.platform.tenancy.TenantId;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class IdempotencyRepository {

    // Takes a free key, or one whose record expired or whose claim was abandoned; a live one stays.
    private static final String CLAIM = """
            INSERT INTO idempotency_keys (owner_id, idempotency_key, tenant_id, fingerprint, status, created_at,
                                          expires_at)
            VALUES (:owner, :key, :tenantId, :fingerprint, 'running', :now, :expiresAt)
            ON CONFLICT (owner_id, idempotency_key) DO UPDATE
                SET fingerprint = EXCLUDED.fingerprint, status = 'running', request_id = NULL, response_status = NULL,
                    content_type = NULL, body = NULL, created_at = EXCLUDED.created_at,
                    expires_at = EXCLUDED.expires_at
                WHERE idempotency_keys.expires_at < :now
                   OR (idempotency_keys.status = 'running' AND idempotency_keys.created_at < :abandonedBefore)
            """;
    private static final String FIND = """
            SELECT fingerprint, status, request_id, response_status, content_type, body
            FROM idempotency_keys
            WHERE owner_id = :owner AND idempotency_key = :key
            """;
    private static final String COMPLETE = """
            UPDATE idempotency_keys SET status = 'done', request_id = :requestId, response_status = :status,
                content_type = :contentType, body = :body
            WHERE owner_id = :owner AND idempotency_key = :key AND status = 'running'
            """;
    private static final String RELEASE = """
            DELETE FROM idempotency_keys WHERE owner_id = :owner AND idempotency_key = :key AND status = 'running'
            """;
    // Every owner's expired records: through the owner's SECURITY DEFINER function.
    private static final String PURGE = "SELECT purge_idempotency_keys(CAST(:now AS timestamptz))";

    private final JdbcClient jdbc;

    IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A stored record: {@code running} while the first request runs, then {@code done} with its response. */
    record Stored(byte[] fingerprint, boolean done, String requestId, int status, String contentType, byte[] body) {
    }

    boolean claim(UUID owner, TenantId tenant, String key, byte[] fingerprint, Instant now, Instant expiresAt,
            Instant abandonedBefore) {
        return jdbc.sql(CLAIM)
                .param("owner", owner)
                .param("key", key)
                .param("tenantId", tenant == null ? null : tenant.value(), java.sql.Types.OTHER)
                .param("fingerprint", fingerprint)
                .param("now", now.atOffset(ZoneOffset.UTC))
                .param("expiresAt", expiresAt.atOffset(ZoneOffset.UTC))
                .param("abandonedBefore", abandonedBefore.atOffset(ZoneOffset.UTC))
                .update() == 1;
    }

    Optional<Stored> find(UUID owner, String key) {
        return jdbc.sql(FIND).param("owner", owner).param("key", key)
                .query((rs, row) -> new Stored(rs.getBytes("fingerprint"), "done".equals(rs.getString("status")),
                        rs.getString("request_id"), rs.getInt("response_status"), rs.getString("content_type"), rs.getBytes("body")))
                .optional();
    }

    void complete(UUID owner, String key, String requestId, int status, String contentType, byte[] body) {
        jdbc.sql(COMPLETE)
                .param("owner", owner)
                .param("key", key)
                .param("requestId", requestId)
                .param("status", status)
                .param("contentType", contentType)
                .param("body", body)
                .update();
    }

    void release(UUID owner, String key) {
        jdbc.sql(RELEASE).param("owner", owner).param("key", key).update();
    }

    int purge(Instant now) {
        return jdbc.sql(PURGE).param("now", now.atOffset(ZoneOffset.UTC)).query(Integer.class).single();
    }
}
