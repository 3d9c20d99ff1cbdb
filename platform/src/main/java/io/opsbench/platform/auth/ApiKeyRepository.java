package io.opsbench.platform.auth;

import static io.opsbench.platform.storage.Sql.instant;
import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {

    private static final String INSERT = """
            INSERT INTO api_keys (tenant_id, id, name, scope, prefix, key_hash, created_by, created_at)
            VALUES (:tenantId, :id, :name, :scope, :prefix, :keyHash, :createdBy, :createdAt)
            """;
    private static final String LIST = """
            SELECT id, name, scope, prefix, created_by, created_at, last_used_at
            FROM api_keys
            WHERE revoked_at IS NULL
              AND (CAST(:afterCreated AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id
            LIMIT :limit
            """;
    private static final String FIND = """
            SELECT id, name, scope, prefix, created_by, created_at, last_used_at
            FROM api_keys
            WHERE id = :id AND revoked_at IS NULL
            """;
    private static final String REVOKE = """
            UPDATE api_keys SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL
            """;
    private static final String AUTHENTICATE = """
            SELECT key_id, tenant_id, scope, tenant_status FROM authenticate_tenant_key(:keyHash)
            """;
    private static final String TOUCH = "SELECT touch_tenant_keys(CAST(:ids AS uuid[]), CAST(:usedAt AS timestamptz[]))";

    private final JdbcClient jdbc;

    ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, ApiKey key, byte[] keyHash) {
        jdbc.sql(INSERT)
                .param("tenantId", tenant.value())
                .param("id", key.id())
                .param("name", key.name())
                .param("scope", key.scope().wireName())
                .param("prefix", key.prefix())
                .param("keyHash", keyHash)
                .param("createdBy", key.createdBy())
                .param("createdAt", utc(key.createdAt()))
                .update();
    }

    List<ApiKey> list(PageRequest page) {
        return jdbc.sql(LIST)
                .param("afterCreated", utc(page.afterSortKey()))
                .param("afterId", page.afterId())
                .param("limit", page.fetchSize())
                .query(ApiKeyRepository::apiKey)
                .list();
    }

    Optional<ApiKey> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(ApiKeyRepository::apiKey).optional();
    }

    boolean revoke(UUID id, Instant now) {
        return jdbc.sql(REVOKE).param("id", id).param("now", utc(now)).update() == 1;
    }

    Optional<TenantKeyOwner> authenticate(byte[] keyHash) {
        return jdbc.sql(AUTHENTICATE).param("keyHash", keyHash)
                .query((rs, n) -> new TenantKeyOwner(rs.getObject("key_id", UUID.class),
                        TenantId.of(rs.getObject("tenant_id", UUID.class)), Scope.fromWire(rs.getString("scope")),
                        "suspended".equals(rs.getString("tenant_status"))))
                .optional();
    }

    void touch(String[] ids, String[] usedAt) {
        jdbc.sql(TOUCH).param("ids", ids).param("usedAt", usedAt).query().singleRow();
    }

    record TenantKeyOwner(UUID keyId, TenantId tenantId, Scope scope, boolean tenantSuspended) {
    }

    private static ApiKey apiKey(ResultSet rs, int row) throws SQLException {
        return new ApiKey(rs.getObject("id", UUID.class), rs.getString("name"), Scope.fromWire(rs.getString("scope")),
                rs.getString("prefix"), rs.getObject("created_by", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(), instant(rs, "last_used_at"));
    }
}
