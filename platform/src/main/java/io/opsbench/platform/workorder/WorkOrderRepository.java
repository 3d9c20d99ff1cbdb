package io.opsbench.platform.workorder;

import static io.opsbench.platform.storage.Sql.instant;
import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.ticket.TicketPriority;
import io.opsbench.platform.web.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class WorkOrderRepository {

    private static final String COLUMNS = """
            id, number, customer_id, asset_id, technician_id, description, priority, site_address, scheduled_start,
            scheduled_end, sla_due_at, status, signature_name, signed_at, completed_at, created_at, updated_at""";
    private static final String INSERT = """
            INSERT INTO work_orders (tenant_id, id, number, customer_id, asset_id, technician_id, description, priority,
                                     site_address, scheduled_start, scheduled_end, sla_due_at, status, created_at,
                                     updated_at)
            VALUES (:tenantId, :id, :number, :customerId, :assetId, :technicianId, :description, :priority,
                    :siteAddress, :scheduledStart, :scheduledEnd, :slaDueAt, :status, :createdAt, :updatedAt)
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM work_orders WHERE id = :id";
    private static final String LOCK = FIND + " FOR UPDATE";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM work_orders
            WHERE (CAST(:status AS text) IS NULL OR status = :status)
              AND (CAST(:technicianId AS uuid) IS NULL OR technician_id = :technicianId)
              AND (CAST(:customerId AS uuid) IS NULL OR customer_id = :customerId)
              AND (CAST(:scheduledFrom AS timestamptz) IS NULL OR scheduled_start >= :scheduledFrom)
              AND (CAST(:scheduledTo AS timestamptz) IS NULL OR scheduled_start < :scheduledTo)
              AND (CAST(:slaBreached AS boolean) IS NULL
                   OR :slaBreached = (sla_due_at IS NOT NULL AND status <> 'cancelled'
                                      AND COALESCE(completed_at, CAST(:now AS timestamptz)) > sla_due_at))
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id LIMIT :limit
            """;
    private static final String UPDATE = """
            UPDATE work_orders
            SET technician_id = :technicianId, description = :description, priority = :priority,
                site_address = :siteAddress, scheduled_start = :scheduledStart, scheduled_end = :scheduledEnd,
                sla_due_at = :slaDueAt, status = :status, signature_name = :signatureName, signed_at = :signedAt,
                completed_at = :completedAt, updated_at = :updatedAt
            WHERE id = :id
            """;
    private static final String INSERT_TRANSITION = """
            INSERT INTO work_order_transitions (tenant_id, id, work_order_id, from_status, to_status, note,
                                                actor_key_id, created_at)
            VALUES (:tenantId, :id, :workOrderId, :from, :to, :note, :actorKeyId, :createdAt)
            """;
    private static final String HISTORY = """
            SELECT id, from_status, to_status, note, actor_key_id, created_at FROM work_order_transitions
            WHERE work_order_id = :workOrderId
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id LIMIT :limit
            """;
    private static final String OPEN_OF_CUSTOMER = """
            SELECT count(*) FROM work_orders WHERE customer_id = :customerId AND status NOT IN ('completed', 'cancelled')
            """;

    private final JdbcClient jdbc;

    WorkOrderRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    record Filters(WorkOrderStatus status, UUID technicianId, UUID customerId, Instant scheduledFrom,
            Instant scheduledTo, Boolean slaBreached) {
    }

    void insert(TenantId tenant, WorkOrder w) {
        jdbc.sql(INSERT).param("tenantId", tenant.value()).param("id", w.id()).param("number", w.number())
                .param("customerId", w.customerId()).param("assetId", w.assetId())
                .param("technicianId", w.technicianId()).param("description", w.description())
                .param("priority", w.priority().wireName()).param("siteAddress", w.siteAddress())
                .param("scheduledStart", utc(w.scheduledStart())).param("scheduledEnd", utc(w.scheduledEnd()))
                .param("slaDueAt", utc(w.slaDueAt())).param("status", w.status().wireName())
                .param("createdAt", utc(w.createdAt())).param("updatedAt", utc(w.updatedAt())).update();
    }

    Optional<WorkOrder> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(WorkOrderRepository::workOrder).optional();
    }

    Optional<WorkOrder> lock(UUID id) {
        return jdbc.sql(LOCK).param("id", id).query(WorkOrderRepository::workOrder).optional();
    }

    List<WorkOrder> list(Filters f, Instant now, PageRequest page) {
        return jdbc.sql(LIST).param("status", f.status() == null ? null : f.status().wireName())
                .param("technicianId", f.technicianId()).param("customerId", f.customerId())
                .param("scheduledFrom", utc(f.scheduledFrom())).param("scheduledTo", utc(f.scheduledTo()))
                .param("slaBreached", f.slaBreached()).param("now", utc(now))
                .param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(WorkOrderRepository::workOrder).list();
    }

    void update(WorkOrder w) {
        jdbc.sql(UPDATE).param("id", w.id()).param("technicianId", w.technicianId())
                .param("description", w.description()).param("priority", w.priority().wireName())
                .param("siteAddress", w.siteAddress()).param("scheduledStart", utc(w.scheduledStart()))
                .param("scheduledEnd", utc(w.scheduledEnd())).param("slaDueAt", utc(w.slaDueAt()))
                .param("status", w.status().wireName()).param("signatureName", w.signatureName())
                .param("signedAt", utc(w.signedAt())).param("completedAt", utc(w.completedAt()))
                .param("updatedAt", utc(w.updatedAt())).update();
    }

    void insertTransition(TenantId tenant, UUID workOrderId, WorkOrderTransition t) {
        jdbc.sql(INSERT_TRANSITION).param("tenantId", tenant.value()).param("id", t.id())
                .param("workOrderId", workOrderId).param("from", t.from().wireName()).param("to", t.to().wireName())
                .param("note", t.note()).param("actorKeyId", t.actorKeyId()).param("createdAt", utc(t.createdAt()))
                .update();
    }

    List<WorkOrderTransition> history(UUID workOrderId, PageRequest page) {
        return jdbc.sql(HISTORY).param("workOrderId", workOrderId).param("afterAt", utc(page.afterSortKey()))
                .param("afterId", page.afterId()).param("limit", page.fetchSize())
                .query((rs, n) -> new WorkOrderTransition(rs.getObject("id", UUID.class),
                        WorkOrderStatus.fromWire(rs.getString("from_status")),
                        WorkOrderStatus.fromWire(rs.getString("to_status")), rs.getString("note"),
                        rs.getObject("actor_key_id", UUID.class), instant(rs, "created_at")))
                .list();
    }

    long openOfCustomer(UUID customerId) {
        return jdbc.sql(OPEN_OF_CUSTOMER).param("customerId", customerId).query(Long.class).single();
    }

    private static WorkOrder workOrder(ResultSet rs, int row) throws SQLException {
        return new WorkOrder(rs.getObject("id", UUID.class), rs.getString("number"),
                rs.getObject("customer_id", UUID.class), rs.getObject("asset_id", UUID.class),
                rs.getObject("technician_id", UUID.class), rs.getString("description"),
                TicketPriority.valueOf(rs.getString("priority").toUpperCase(Locale.ROOT)), rs.getString("site_address"),
                instant(rs, "scheduled_start"), instant(rs, "scheduled_end"), instant(rs, "sla_due_at"),
                WorkOrderStatus.fromWire(rs.getString("status")), rs.getString("signature_name"),
                instant(rs, "signed_at"), instant(rs, "completed_at"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
