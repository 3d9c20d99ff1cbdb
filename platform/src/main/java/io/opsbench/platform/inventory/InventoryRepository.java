package io.opsbench.platform.inventory;

import static io.opsbench.platform.storage.Sql.instant;
import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.PageRequest;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class InventoryRepository {

    private static final String INSERT_LOCATION = """
            INSERT INTO inventory_locations (tenant_id, id, name, kind, created_at, updated_at)
            VALUES (:tenantId, :id, :name, :kind, :createdAt, :updatedAt)
            """;
    private static final String FIND_LOCATION = """
            SELECT id, name, kind, created_at, updated_at FROM inventory_locations WHERE id = :id
            """;
    private static final String LIST_LOCATIONS = """
            SELECT id, name, kind, created_at, updated_at FROM inventory_locations
            WHERE CAST(:afterAt AS timestamptz) IS NULL
               OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))
            ORDER BY created_at, id LIMIT :limit
            """;
    private static final String UPDATE_LOCATION = """
            UPDATE inventory_locations SET name = :name, kind = :kind, updated_at = :updatedAt WHERE id = :id
            """;
    private static final String INSERT_PART = """
            INSERT INTO parts (tenant_id, id, sku, name, unit, reorder_point, created_at, updated_at)
            VALUES (:tenantId, :id, :sku, :name, :unit, :reorderPoint, :createdAt, :updatedAt)
            """;
    private static final String PART_COLUMNS = """
            id, sku, name, unit, reorder_point, received_quantity, received_value, created_at, updated_at""";
    private static final String FIND_PART = "SELECT " + PART_COLUMNS + " FROM parts WHERE id = :id";
    private static final String LOCK_PART = FIND_PART + " FOR UPDATE";
    private static final String LIST_PARTS = "SELECT " + PART_COLUMNS + """
             FROM parts
            WHERE (CAST(:sku AS text) IS NULL OR sku = :sku)
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id LIMIT :limit
            """;
    private static final String UPDATE_PART = """
            UPDATE parts SET name = :name, unit = :unit, reorder_point = :reorderPoint, updated_at = :updatedAt
            WHERE id = :id
            """;
    private static final String STOCK = """
            SELECT part_id, location_id, on_hand, reserved FROM stock_levels
            WHERE part_id = ANY (CAST(:partIds AS uuid[]))
            ORDER BY location_id
            """;
    private static final String ADD_ON_HAND = """
            INSERT INTO stock_levels (tenant_id, part_id, location_id, on_hand, reserved)
            VALUES (:tenantId, :partId, :locationId, :quantity, 0)
            ON CONFLICT (tenant_id, part_id, location_id) DO UPDATE SET on_hand = stock_levels.on_hand + EXCLUDED.on_hand
            """;
    // Each conditional update changes one row or none: none means the location lacks the stock.
    private static final String TAKE_AVAILABLE = """
            UPDATE stock_levels SET on_hand = on_hand - :quantity
            WHERE part_id = :partId AND location_id = :locationId AND on_hand - reserved >= :quantity
            """;
    private static final String RESERVE = """
            UPDATE stock_levels SET reserved = reserved + :quantity
            WHERE part_id = :partId AND location_id = :locationId AND on_hand - reserved >= :quantity
            """;
    private static final String RELEASE = """
            UPDATE stock_levels SET reserved = reserved - :quantity
            WHERE part_id = :partId AND location_id = :locationId AND reserved >= :quantity
            """;
    private static final String RECORD_RECEIPT = """
            UPDATE parts SET received_quantity = received_quantity + :quantity,
                             received_value = received_value + :quantity * :unitCost,
                             stock_version = stock_version + 1
            WHERE id = :id
            """;
    private static final String BUMP_STOCK_VERSION = "UPDATE parts SET stock_version = stock_version + 1 WHERE id = :id";
    private static final String INSERT_MOVEMENT = """
            INSERT INTO inventory_movements (tenant_id, id, part_id, location_id, type, quantity, unit_cost,
                                             to_location_id, reference, reason, actor_key_id, created_at)
            VALUES (:tenantId, :id, :partId, :locationId, :type, :quantity, :unitCost, :toLocationId, :reference,
                    :reason, :actorKeyId, :createdAt)
            """;
    private static final String MOVEMENT_COLUMNS = """
            id, part_id, location_id, type, quantity, unit_cost, to_location_id, reference, reason, actor_key_id,
            created_at""";
    private static final String FIND_MOVEMENT = "SELECT " + MOVEMENT_COLUMNS + " FROM inventory_movements WHERE id = :id";
    private static final String LIST_MOVEMENTS = "SELECT " + MOVEMENT_COLUMNS + """
             FROM inventory_movements
            WHERE (CAST(:partId AS uuid) IS NULL OR part_id = :partId)
              AND (CAST(:locationId AS uuid) IS NULL OR location_id = :locationId OR to_location_id = :locationId)
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id LIMIT :limit
            """;

    private final JdbcClient jdbc;

    InventoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A part's row as stored, before its stock is attached. */
    record PartRow(UUID id, String sku, String name, String unit, BigDecimal reorderPoint,
            BigDecimal receivedQuantity, BigDecimal receivedValue, Instant createdAt, Instant updatedAt) {
    }

    record StockRow(UUID partId, UUID locationId, BigDecimal onHand, BigDecimal reserved) {
    }

    void insertLocation(TenantId tenant, Location location) {
        jdbc.sql(INSERT_LOCATION).param("tenantId", tenant.value()).param("id", location.id())
                .param("name", location.name()).param("kind", location.kind().wireName())
                .param("createdAt", utc(location.createdAt())).param("updatedAt", utc(location.updatedAt())).update();
    }

    Optional<Location> findLocation(UUID id) {
        return jdbc.sql(FIND_LOCATION).param("id", id).query(InventoryRepository::location).optional();
    }

    List<Location> listLocations(PageRequest page) {
        return jdbc.sql(LIST_LOCATIONS).param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(InventoryRepository::location).list();
    }

    void updateLocation(Location location) {
        jdbc.sql(UPDATE_LOCATION).param("id", location.id()).param("name", location.name())
                .param("kind", location.kind().wireName()).param("updatedAt", utc(location.updatedAt())).update();
    }

    void insertPart(TenantId tenant, PartRow part) {
        jdbc.sql(INSERT_PART).param("tenantId", tenant.value()).param("id", part.id()).param("sku", part.sku())
                .param("name", part.name()).param("unit", part.unit()).param("reorderPoint", part.reorderPoint())
                .param("createdAt", utc(part.createdAt())).param("updatedAt", utc(part.updatedAt())).update();
    }

    Optional<PartRow> findPart(UUID id) {
        return jdbc.sql(FIND_PART).param("id", id).query(InventoryRepository::part).optional();
    }

    Optional<PartRow> lockPart(UUID id) {
        return jdbc.sql(LOCK_PART).param("id", id).query(InventoryRepository::part).optional();
    }

    List<PartRow> listParts(String sku, PageRequest page) {
        return jdbc.sql(LIST_PARTS).param("sku", sku).param("afterAt", utc(page.afterSortKey()))
                .param("afterId", page.afterId()).param("limit", page.fetchSize())
                .query(InventoryRepository::part).list();
    }

    void updatePart(PartRow part) {
        jdbc.sql(UPDATE_PART).param("id", part.id()).param("name", part.name()).param("unit", part.unit())
                .param("reorderPoint", part.reorderPoint()).param("updatedAt", utc(part.updatedAt())).update();
    }

    List<StockRow> stock(List<UUID> partIds) {
        if (partIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(STOCK).param("partIds", partIds.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, n) -> new StockRow(rs.getObject("part_id", UUID.class),
                        rs.getObject("location_id", UUID.class), rs.getBigDecimal("on_hand"),
                        rs.getBigDecimal("reserved")))
                .list();
    }

    void addOnHand(TenantId tenant, UUID partId, UUID locationId, BigDecimal quantity) {
        jdbc.sql(ADD_ON_HAND).param("tenantId", tenant.value()).param("partId", partId)
                .param("locationId", locationId).param("quantity", quantity).update();
    }

    boolean takeAvailable(UUID partId, UUID locationId, BigDecimal quantity) {
        return stockUpdate(TAKE_AVAILABLE, partId, locationId, quantity);
    }

    boolean reserve(UUID partId, UUID locationId, BigDecimal quantity) {
        return stockUpdate(RESERVE, partId, locationId, quantity);
    }

    boolean release(UUID partId, UUID locationId, BigDecimal quantity) {
        return stockUpdate(RELEASE, partId, locationId, quantity);
    }

    void recordReceipt(UUID partId, BigDecimal quantity, long unitCost) {
        jdbc.sql(RECORD_RECEIPT).param("id", partId).param("quantity", quantity).param("unitCost", unitCost).update();
    }

    void bumpStockVersion(UUID partId) {
        jdbc.sql(BUMP_STOCK_VERSION).param("id", partId).update();
    }

    void insertMovement(TenantId tenant, Movement movement) {
        jdbc.sql(INSERT_MOVEMENT).param("tenantId", tenant.value()).param("id", movement.id())
                .param("partId", movement.partId()).param("locationId", movement.locationId())
                .param("type", movement.type().wireName()).param("quantity", movement.quantity())
                .param("unitCost", movement.unitCost()).param("toLocationId", movement.toLocationId())
                .param("reference", movement.reference()).param("reason", movement.reason())
                .param("actorKeyId", movement.actorKeyId()).param("createdAt", utc(movement.createdAt())).update();
    }

    Optional<Movement> findMovement(UUID id) {
        return jdbc.sql(FIND_MOVEMENT).param("id", id).query(InventoryRepository::movement).optional();
    }

    List<Movement> listMovements(UUID partId, UUID locationId, PageRequest page) {
        return jdbc.sql(LIST_MOVEMENTS).param("partId", partId).param("locationId", locationId)
                .param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(InventoryRepository::movement).list();
    }

    private boolean stockUpdate(String sql, UUID partId, UUID locationId, BigDecimal quantity) {
        return jdbc.sql(sql).param("partId", partId).param("locationId", locationId).param("quantity", quantity)
                .update() == 1;
    }

    private static Location location(ResultSet rs, int row) throws SQLException {
        return new Location(rs.getObject("id", UUID.class), rs.getString("name"),
                LocationKind.fromWire(rs.getString("kind")), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static PartRow part(ResultSet rs, int row) throws SQLException {
        return new PartRow(rs.getObject("id", UUID.class), rs.getString("sku"), rs.getString("name"),
                rs.getString("unit"), rs.getBigDecimal("reorder_point"), rs.getBigDecimal("received_quantity"),
                rs.getBigDecimal("received_value"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Movement movement(ResultSet rs, int row) throws SQLException {
        long unitCost = rs.getLong("unit_cost");
        return new Movement(rs.getObject("id", UUID.class), rs.getObject("part_id", UUID.class),
                rs.getObject("location_id", UUID.class), MovementType.fromWire(rs.getString("type")),
                rs.getBigDecimal("quantity"), rs.wasNull() ? null : unitCost,
                rs.getObject("to_location_id", UUID.class), rs.getString("reference"), rs.getString("reason"),
                rs.getObject("actor_key_id", UUID.class), instant(rs, "created_at"));
    }
}
