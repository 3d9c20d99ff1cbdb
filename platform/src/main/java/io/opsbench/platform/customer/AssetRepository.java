package io.opsbench.platform.customer;

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
class AssetRepository {

    private static final String COLUMNS = """
            id, customer_id, kind, make, model, serial_number, location, notes, created_at, updated_at""";
    private static final String INSERT = """
            INSERT INTO assets (tenant_id, id, customer_id, kind, make, model, serial_number, location, notes,
                                created_at, updated_at)
            VALUES (:tenantId, :id, :customerId, :kind, :make, :model, :serialNumber, :location, :notes,
                    :createdAt, :updatedAt)
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM assets WHERE id = :id";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String FIND_FOR_SHARE = FIND + " FOR SHARE";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM assets
            WHERE (CAST(:customerId AS uuid) IS NULL OR customer_id = :customerId)
              AND (CAST(:serialNumber AS text) IS NULL OR serial_number = :serialNumber)
              AND (CAST(:afterCreated AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id
            LIMIT :limit
            """;
    private static final String UPDATE = """
            UPDATE assets
            SET kind = :kind, make = :make, model = :model, serial_number = :serialNumber, location = :location,
                notes = :notes, updated_at = :updatedAt
            WHERE id = :id
            """;

    private final JdbcClient jdbc;

    AssetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, Asset asset) {
        jdbc.sql(INSERT)
                .param("tenantId", tenant.value())
                .param("id", asset.id())
                .param("customerId", asset.customerId())
                .param("kind", asset.kind())
                .param("make", asset.make())
                .param("model", asset.model())
                .param("serialNumber", asset.serialNumber())
                .param("location", asset.location())
                .param("notes", asset.notes())
                .param("createdAt", utc(asset.createdAt()))
                .param("updatedAt", utc(asset.updatedAt()))
                .update();
    }

    Optional<Asset> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(AssetRepository::asset).optional();
    }

    Optional<Asset> lock(UUID id) {
        return jdbc.sql(FIND_FOR_UPDATE).param("id", id).query(AssetRepository::asset).optional();
    }

    Optional<Asset> share(UUID id) {
        return jdbc.sql(FIND_FOR_SHARE).param("id", id).query(AssetRepository::asset).optional();
    }

    List<Asset> list(PageRequest page, UUID customerId, String serialNumber) {
        return jdbc.sql(LIST)
                .param("customerId", customerId)
                .param("serialNumber", serialNumber)
                .param("afterCreated", utc(page.afterSortKey()))
                .param("afterId", page.afterId())
                .param("limit", page.fetchSize())
                .query(AssetRepository::asset)
                .list();
    }

    void update(Asset asset) {
        jdbc.sql(UPDATE)
                .param("id", asset.id())
                .param("kind", asset.kind())
                .param("make", asset.make())
                .param("model", asset.model())
                .param("serialNumber", asset.serialNumber())
                .param("location", asset.location())
                .param("notes", asset.notes())
                .param("updatedAt", utc(asset.updatedAt()))
                .update();
    }

    private static Asset asset(ResultSet rs, int row) throws SQLException {
        return new Asset(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class),
                rs.getString("kind"), rs.getString("make"), rs.getString("model"), rs.getString("serial_number"),
                rs.getString("location"), rs.getString("notes"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
