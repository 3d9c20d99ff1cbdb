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
class CustomerRepository {

    private static final String COLUMNS = "id, name, email, phone, address, notes, created_at, updated_at";
    private static final String INSERT = """
            INSERT INTO customers (tenant_id, id, name, email, phone, address, notes, created_at, updated_at)
            VALUES (:tenantId, :id, :name, :email, :phone, :address, :notes, :createdAt, :updatedAt)
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM customers WHERE id = :id";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    // FOR SHARE: a referencing insert and a delete of the customer queue instead of racing.
    private static final String FIND_FOR_SHARE = FIND + " FOR SHARE";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM customers
            WHERE (CAST(:q AS text) IS NULL
                   OR name ILIKE :pattern ESCAPE '\\' OR email ILIKE :pattern ESCAPE '\\'
                   OR phone ILIKE :pattern ESCAPE '\\')
              AND (CAST(:afterCreated AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id
            LIMIT :limit
            """;
    private static final String UPDATE = """
            UPDATE customers
            SET name = :name, email = :email, phone = :phone, address = :address, notes = :notes,
                updated_at = :updatedAt
            WHERE id = :id
            """;
    private static final String DELETE = "DELETE FROM customers WHERE id = :id";

    private final JdbcClient jdbc;

    CustomerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, Customer customer) {
        jdbc.sql(INSERT)
                .param("tenantId", tenant.value())
                .param("id", customer.id())
                .param("name", customer.name())
                .param("email", customer.email())
                .param("phone", customer.phone())
                .param("address", customer.address())
                .param("notes", customer.notes())
                .param("createdAt", utc(customer.createdAt()))
                .param("updatedAt", utc(customer.updatedAt()))
                .update();
    }

    Optional<Customer> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(CustomerRepository::customer).optional();
    }

    Optional<Customer> lock(UUID id) {
        return jdbc.sql(FIND_FOR_UPDATE).param("id", id).query(CustomerRepository::customer).optional();
    }

    Optional<Customer> share(UUID id) {
        return jdbc.sql(FIND_FOR_SHARE).param("id", id).query(CustomerRepository::customer).optional();
    }

    List<Customer> list(PageRequest page, String q) {
        return jdbc.sql(LIST)
                .param("q", q)
                .param("pattern", q == null ? null : "%" + escapeLike(q) + "%")
                .param("afterCreated", utc(page.afterSortKey()))
                .param("afterId", page.afterId())
                .param("limit", page.fetchSize())
                .query(CustomerRepository::customer)
                .list();
    }

    void update(Customer customer) {
        jdbc.sql(UPDATE)
                .param("id", customer.id())
                .param("name", customer.name())
                .param("email", customer.email())
                .param("phone", customer.phone())
                .param("address", customer.address())
                .param("notes", customer.notes())
                .param("updatedAt", utc(customer.updatedAt()))
                .update();
    }

    boolean delete(UUID id) {
        return jdbc.sql(DELETE).param("id", id).update() == 1;
    }

    /** The search text taken literally: {@code 50%} finds "50%", not everything starting with 50. */
    static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static Customer customer(ResultSet rs, int row) throws SQLException {
        return new Customer(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email"),
                rs.getString("phone"), rs.getString("address"), rs.getString("notes"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
