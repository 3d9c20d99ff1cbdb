package io.opsbench.platform.quote;

import static io.opsbench.platform.storage.Sql.instant;
import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class QuoteRepository {

    private static final String COLUMNS = """
            id, number, customer_id, ticket_id, work_order_id, currency, valid_until, status, subtotal, tax, total,
            sent_at, email_message_id, signature_name, accepted_at, accepted_hash, decline_reason, declined_at,
            expired_at, created_at, updated_at""";
    private static final String INSERT = """
            INSERT INTO quotes (tenant_id, id, number, customer_id, ticket_id, work_order_id, currency, valid_until,
                                status, subtotal, tax, total, created_at, updated_at)
            VALUES (:tenantId, :id, :number, :customerId, :ticketId, :workOrderId, :currency, :validUntil, :status,
                    :subtotal, :tax, :total, :createdAt, :updatedAt)
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM quotes WHERE id = :id";
    private static final String LOCK = FIND + " FOR UPDATE";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM quotes
            WHERE (CAST(:status AS text) IS NULL OR status = :status)
              AND (CAST(:customerId AS uuid) IS NULL OR customer_id = :customerId)
              AND (CAST(:ticketId AS uuid) IS NULL OR ticket_id = :ticketId)
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id LIMIT :limit
            """;
    private static final String UPDATE = """
            UPDATE quotes
            SET currency = :currency, valid_until = :validUntil, status = :status, subtotal = :subtotal, tax = :tax,
                total = :total, sent_at = :sentAt, email_message_id = :emailMessageId, signature_name = :signatureName,
                accepted_at = :acceptedAt, accepted_hash = :acceptedHash, decline_reason = :declineReason,
                declined_at = :declinedAt, expired_at = :expiredAt, updated_at = :updatedAt
            WHERE id = :id
            """;
    private static final String DELETE_ITEMS = "DELETE FROM quote_line_items WHERE quote_id = :quoteId";
    private static final String INSERT_ITEM = """
            INSERT INTO quote_line_items (tenant_id, quote_id, position, description, quantity, unit_price,
                                          tax_rate_bps, part_id, subtotal, tax, total)
            VALUES (:tenantId, :quoteId, :position, :description, :quantity, :unitPrice, :taxRateBps, :partId,
                    :subtotal, :tax, :total)
            """;
    private static final String ITEMS = """
            SELECT quote_id, description, quantity, unit_price, tax_rate_bps, part_id, subtotal, tax, total
            FROM quote_line_items WHERE quote_id = ANY (CAST(:quoteIds AS uuid[])) ORDER BY quote_id, position
            """;
    private static final String INSERT_TRANSITION = """
            INSERT INTO quote_transitions (tenant_id, id, quote_id, from_status, to_status, note, actor_key_id,
                                           created_at)
            VALUES (:tenantId, :id, :quoteId, :from, :to, :note, :actorKeyId, :createdAt)
            """;
    private static final String HISTORY = """
            SELECT id, from_status, to_status, note, actor_key_id, created_at FROM quote_transitions
            WHERE quote_id = :quoteId
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id LIMIT :limit
            """;
    private static final String OPEN_OF_CUSTOMER = """
            SELECT count(*) FROM quotes WHERE customer_id = :customerId AND status IN ('draft', 'sent')
            """;

    private final JdbcClient jdbc;

    QuoteRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, Quote q) {
        jdbc.sql(INSERT).param("tenantId", tenant.value()).param("id", q.id()).param("number", q.number())
                .param("customerId", q.customerId()).param("ticketId", q.ticketId())
                .param("workOrderId", q.workOrderId()).param("currency", q.currency())
                .param("validUntil", utc(q.validUntil())).param("status", q.status().wireName())
                .param("subtotal", q.subtotal()).param("tax", q.tax()).param("total", q.total())
                .param("createdAt", utc(q.createdAt())).param("updatedAt", utc(q.updatedAt())).update();
        insertItems(tenant, q);
    }

    void update(TenantId tenant, Quote q, boolean itemsChanged) {
        jdbc.sql(UPDATE).param("id", q.id()).param("currency", q.currency()).param("validUntil", utc(q.validUntil()))
                .param("status", q.status().wireName()).param("subtotal", q.subtotal()).param("tax", q.tax())
                .param("total", q.total()).param("sentAt", utc(q.sentAt())).param("emailMessageId", q.emailMessageId())
                .param("signatureName", q.signatureName()).param("acceptedAt", utc(q.acceptedAt()))
                .param("acceptedHash", q.acceptedHash()).param("declineReason", q.declineReason())
                .param("declinedAt", utc(q.declinedAt())).param("expiredAt", utc(q.expiredAt()))
                .param("updatedAt", utc(q.updatedAt())).update();
        if (itemsChanged) {
            jdbc.sql(DELETE_ITEMS).param("quoteId", q.id()).update();
            insertItems(tenant, q);
        }
    }

    Optional<Quote> find(UUID id) {
        return withItems(jdbc.sql(FIND).param("id", id).query(QuoteRepository::quote).list()).stream().findFirst();
    }

    Optional<Quote> lock(UUID id) {
        return withItems(jdbc.sql(LOCK).param("id", id).query(QuoteRepository::quote).list()).stream().findFirst();
    }

    List<Quote> list(QuoteStatus status, UUID customerId, UUID ticketId, PageRequest page) {
        return withItems(jdbc.sql(LIST).param("status", status == null ? null : status.wireName())
                .param("customerId", customerId).param("ticketId", ticketId)
                .param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(QuoteRepository::quote).list());
    }

    void insertTransition(TenantId tenant, UUID quoteId, QuoteTransition t) {
        jdbc.sql(INSERT_TRANSITION).param("tenantId", tenant.value()).param("id", t.id()).param("quoteId", quoteId)
                .param("from", t.from() == null ? null : t.from().wireName()).param("to", t.to().wireName())
                .param("note", t.note()).param("actorKeyId", t.actorKeyId()).param("createdAt", utc(t.createdAt()))
                .update();
    }

    List<QuoteTransition> history(UUID quoteId, PageRequest page) {
        return jdbc.sql(HISTORY).param("quoteId", quoteId).param("afterAt", utc(page.afterSortKey()))
                .param("afterId", page.afterId()).param("limit", page.fetchSize())
                .query((rs, n) -> {
                    String from = rs.getString("from_status");
                    return new QuoteTransition(rs.getObject("id", UUID.class),
                            from == null ? null : QuoteStatus.fromWire(from), QuoteStatus.fromWire(rs.getString("to_status")),
                            rs.getString("note"), rs.getObject("actor_key_id", UUID.class), instant(rs, "created_at"));
                })
                .list();
    }

    long openOfCustomer(UUID customerId) {
        return jdbc.sql(OPEN_OF_CUSTOMER).param("customerId", customerId).query(Long.class).single();
    }

    private void insertItems(TenantId tenant, Quote q) {
        int position = 0;
        for (LineItem item : q.lineItems()) {
            jdbc.sql(INSERT_ITEM).param("tenantId", tenant.value()).param("quoteId", q.id())
                    .param("position", position++).param("description", item.description())
                    .param("quantity", item.quantity()).param("unitPrice", item.unitPrice())
                    .param("taxRateBps", item.taxRateBps()).param("partId", item.partId())
                    .param("subtotal", item.subtotal()).param("tax", item.tax()).param("total", item.total()).update();
        }
    }

    private List<Quote> withItems(List<Quote> quotes) {
        if (quotes.isEmpty()) {
            return quotes;
        }
        Map<UUID, List<LineItem>> items = jdbc.sql(ITEMS)
                .param("quoteIds", quotes.stream().map(q -> q.id().toString()).toArray(String[]::new))
                .query((rs, n) -> Map.entry(rs.getObject("quote_id", UUID.class), new LineItem(
                        rs.getString("description"), plain(rs.getBigDecimal("quantity")), rs.getLong("unit_price"),
                        rs.getInt("tax_rate_bps"), rs.getObject("part_id", UUID.class), rs.getLong("subtotal"),
                        rs.getLong("tax"), rs.getLong("total"))))
                .list().stream()
                .collect(Collectors.groupingBy(Map.Entry::getKey,
                        Collectors.mapping(Map.Entry::getValue, Collectors.toList())));
        return quotes.stream().map(q -> new Quote(q.id(), q.number(), q.customerId(), q.ticketId(), q.workOrderId(),
                q.currency(), q.validUntil(), q.status(), items.getOrDefault(q.id(), List.of()), q.subtotal(), q.tax(),
                q.total(), q.sentAt(), q.emailMessageId(), q.signatureName(), q.acceptedAt(), q.acceptedHash(),
                q.declineReason(), q.declinedAt(), q.expiredAt(), q.createdAt(), q.updatedAt())).toList();
    }

    private static java.math.BigDecimal plain(java.math.BigDecimal value) {
        java.math.BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    private static Quote quote(ResultSet rs, int row) throws SQLException {
        return new Quote(rs.getObject("id", UUID.class), rs.getString("number"), rs.getObject("customer_id", UUID.class),
                rs.getObject("ticket_id", UUID.class), rs.getObject("work_order_id", UUID.class),
                rs.getString("currency"), instant(rs, "valid_until"), QuoteStatus.fromWire(rs.getString("status")),
                List.of(), rs.getLong("subtotal"), rs.getLong("tax"), rs.getLong("total"), instant(rs, "sent_at"),
                rs.getString("email_message_id"), rs.getString("signature_name"), instant(rs, "accepted_at"),
                rs.getString("accepted_hash"), rs.getString("decline_reason"), instant(rs, "declined_at"),
                instant(rs, "expired_at"), instant(rs, "created_at"), instant(rs, "updated_at"));
    }
}
