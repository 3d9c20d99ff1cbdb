package io.opsbench.platform.ticket;

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
class TicketRepository {

    private static final String COLUMNS = """
            id, number, customer_id, asset_id, issue_description, priority, category, technician_id, status, created_at,
            updated_at""";
    private static final String INSERT = """
            INSERT INTO tickets (tenant_id, id, number, customer_id, asset_id, issue_description, priority, category,
                                 technician_id, status, created_at, updated_at)
            VALUES (:tenantId, :id, :number, :customerId, :assetId, :issueDescription, :priority, :category,
                    :technicianId, :status, :createdAt, :updatedAt)
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM tickets WHERE id = :id";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM tickets
            WHERE (CAST(:status AS text) IS NULL OR status = :status)
              AND (CAST(:customerId AS uuid) IS NULL OR customer_id = :customerId)
              AND (CAST(:priority AS text) IS NULL OR priority = :priority)
              AND (CAST(:technicianId AS uuid) IS NULL OR technician_id = :technicianId)
              AND (CAST(:afterCreated AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id
            LIMIT :limit
            """;
    private static final String UPDATE_STATUS = """
            UPDATE tickets SET status = :status, updated_at = :updatedAt WHERE id = :id AND status = :expected
            """;
    private static final String OPEN_FOR_CUSTOMER = """
            SELECT count(*) FROM tickets WHERE customer_id = :customerId AND status NOT IN ('closed', 'cancelled')
            """;
    private static final String INSERT_TRANSITION = """
            INSERT INTO ticket_transitions (tenant_id, id, ticket_id, from_status, to_status, note, actor_key_id,
                                            created_at)
            VALUES (:tenantId, :id, :ticketId, :fromStatus, :toStatus, :note, :actorKeyId, :createdAt)
            """;
    private static final String HISTORY = """
            SELECT id, from_status, to_status, note, actor_key_id, created_at
            FROM ticket_transitions
            WHERE ticket_id = :ticketId
              AND (CAST(:afterCreated AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id
            LIMIT :limit
            """;

    private final JdbcClient jdbc;

    TicketRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, Ticket ticket) {
        jdbc.sql(INSERT)
                .param("tenantId", tenant.value())
                .param("id", ticket.id())
                .param("number", ticket.number())
                .param("customerId", ticket.customerId())
                .param("assetId", ticket.assetId())
                .param("issueDescription", ticket.issueDescription())
                .param("priority", ticket.priority().wireName())
                .param("technicianId", ticket.technicianId())
                .param("category", ticket.category())
                .param("status", ticket.status().wireName())
                .param("createdAt", utc(ticket.createdAt()))
                .param("updatedAt", utc(ticket.updatedAt()))
                .update();
    }

    Optional<Ticket> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(TicketRepository::ticket).optional();
    }

    Optional<Ticket> lock(UUID id) {
        return jdbc.sql(FIND_FOR_UPDATE).param("id", id).query(TicketRepository::ticket).optional();
    }

    List<Ticket> list(PageRequest page, TicketStatus status, UUID customerId, TicketPriority priority,
            UUID technicianId) {
        return jdbc.sql(LIST)
                .param("status", status == null ? null : status.wireName())
                .param("customerId", customerId)
                .param("priority", priority == null ? null : priority.wireName())
                .param("technicianId", technicianId)
                .param("afterCreated", utc(page.afterSortKey()))
                .param("afterId", page.afterId())
                .param("limit", page.fetchSize())
                .query(TicketRepository::ticket)
                .list();
    }

    /** Moves the ticket only if it is still where the caller saw it; false when someone moved it first. */
    boolean updateStatus(Ticket ticket, TicketStatus expected) {
        return jdbc.sql(UPDATE_STATUS)
                .param("id", ticket.id())
                .param("status", ticket.status().wireName())
                .param("expected", expected.wireName())
                .param("updatedAt", utc(ticket.updatedAt()))
                .update() == 1;
    }

    long openTicketsOf(UUID customerId) {
        return jdbc.sql(OPEN_FOR_CUSTOMER).param("customerId", customerId).query(Long.class).single();
    }

    void insertTransition(TenantId tenant, UUID ticketId, TicketTransition transition) {
        jdbc.sql(INSERT_TRANSITION)
                .param("tenantId", tenant.value())
                .param("id", transition.id())
                .param("ticketId", ticketId)
                .param("fromStatus", transition.from() == null ? null : transition.from().wireName())
                .param("toStatus", transition.to().wireName())
                .param("note", transition.note())
                .param("actorKeyId", transition.actorKeyId())
                .param("createdAt", utc(transition.createdAt()))
                .update();
    }

    List<TicketTransition> history(UUID ticketId, PageRequest page) {
        return jdbc.sql(HISTORY)
                .param("ticketId", ticketId)
                .param("afterCreated", utc(page.afterSortKey()))
                .param("afterId", page.afterId())
                .param("limit", page.fetchSize())
                .query(TicketRepository::transition)
                .list();
    }

    private static Ticket ticket(ResultSet rs, int row) throws SQLException {
        return new Ticket(rs.getObject("id", UUID.class), rs.getString("number"),
                rs.getObject("customer_id", UUID.class), rs.getObject("asset_id", UUID.class),
                rs.getString("issue_description"), TicketPriority.fromWire(rs.getString("priority")),
                rs.getString("category"), rs.getObject("technician_id", UUID.class),
                TicketStatus.fromWire(rs.getString("status")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    private static TicketTransition transition(ResultSet rs, int row) throws SQLException {
        String from = rs.getString("from_status");
        return new TicketTransition(rs.getObject("id", UUID.class), from == null ? null : TicketStatus.fromWire(from),
                TicketStatus.fromWire(rs.getString("to_status")), rs.getString("note"),
                rs.getObject("actor_key_id", UUID.class), rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
