package io.opsbench.platform.auth;

import static io.opsbench.platform.storage.Sql.utc;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Keys of the platform's own principals, vendors and the operator: not tenant data. */
@Repository
class PlatformKeyRepository {

    private static final String FIND_VENDOR_KEY = """
            SELECT id, vendor_id FROM vendor_keys WHERE key_hash = :keyHash AND revoked_at IS NULL
            """;
    private static final String INSERT_VENDOR_KEY = """
            INSERT INTO vendor_keys (id, vendor_id, prefix, key_hash, created_at)
            VALUES (:id, :vendorId, :prefix, :keyHash, :createdAt)
            """;
    private static final String REVOKE_VENDOR_KEYS = """
            UPDATE vendor_keys SET revoked_at = :now WHERE vendor_id = :vendorId AND revoked_at IS NULL
            RETURNING id
            """;
    private static final String TOUCH_VENDOR_KEY = """
            UPDATE vendor_keys SET last_used_at = GREATEST(last_used_at, :usedAt) WHERE id = :id
            """;
    private static final String FIND_OPERATOR_KEY = """
            SELECT id FROM operator_keys WHERE key_hash = :keyHash AND revoked_at IS NULL
            """;
    private static final String COUNT_OPERATOR_KEYS = "SELECT count(*) FROM operator_keys WHERE revoked_at IS NULL";
    private static final String INSERT_OPERATOR_KEY = """
            INSERT INTO operator_keys (id, prefix, key_hash, created_at) VALUES (:id, :prefix, :keyHash, :createdAt)
            """;

    private final JdbcClient jdbc;

    PlatformKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Principal.Vendor> findVendorKey(byte[] keyHash) {
        return jdbc.sql(FIND_VENDOR_KEY).param("keyHash", keyHash)
                .query((rs, n) -> new Principal.Vendor(rs.getObject("id", UUID.class),
                        new VendorId(rs.getObject("vendor_id", UUID.class))))
                .optional();
    }

    void insertVendorKey(UUID id, VendorId vendor, String prefix, byte[] keyHash, Instant createdAt) {
        jdbc.sql(INSERT_VENDOR_KEY).param("id", id).param("vendorId", vendor.value()).param("prefix", prefix)
                .param("keyHash", keyHash).param("createdAt", utc(createdAt)).update();
    }

    java.util.List<UUID> revokeVendorKeys(VendorId vendor, Instant now) {
        return jdbc.sql(REVOKE_VENDOR_KEYS).param("vendorId", vendor.value()).param("now", utc(now))
                .query(UUID.class).list();
    }

    void touchVendorKey(UUID id, Instant usedAt) {
        jdbc.sql(TOUCH_VENDOR_KEY).param("id", id).param("usedAt", utc(usedAt)).update();
    }

    Optional<UUID> findOperatorKey(byte[] keyHash) {
        return jdbc.sql(FIND_OPERATOR_KEY).param("keyHash", keyHash).query(UUID.class).optional();
    }

    long countOperatorKeys() {
        return jdbc.sql(COUNT_OPERATOR_KEYS).query(Long.class).single();
    }

    void insertOperatorKey(UUID id, String prefix, byte[] keyHash, Instant createdAt) {
        jdbc.sql(INSERT_OPERATOR_KEY).param("id", id).param("prefix", prefix).param("keyHash", keyHash)
                .param("createdAt", utc(createdAt)).update();
    }
}
