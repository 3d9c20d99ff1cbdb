package io.opsbench.platform.vendor;

import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.auth.VendorId;
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
class VendorRepository {

    private static final String INSERT = """
            INSERT INTO vendors (id, name, email, created_at, updated_at)
            VALUES (:id, :name, :email, :createdAt, :updatedAt)
            """;
    private static final String FIND = "SELECT id, name, email, created_at, updated_at FROM vendors WHERE id = :id";
    private static final String LIST = """
            SELECT id, name, email, created_at, updated_at FROM vendors
            WHERE CAST(:afterCreated AS timestamptz) IS NULL
               OR (created_at, id) > (CAST(:afterCreated AS timestamptz), CAST(:afterId AS uuid))
            ORDER BY created_at, id
            LIMIT :limit
            """;

    private final JdbcClient jdbc;

    VendorRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(Vendor vendor) {
        jdbc.sql(INSERT).param("id", vendor.id().value()).param("name", vendor.name()).param("email", vendor.email())
                .param("createdAt", utc(vendor.createdAt())).param("updatedAt", utc(vendor.updatedAt())).update();
    }

    Optional<Vendor> find(VendorId id) {
        return jdbc.sql(FIND).param("id", id.value()).query(VendorRepository::vendor).optional();
    }

    List<Vendor> list(PageRequest page) {
        return jdbc.sql(LIST).param("afterCreated", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(VendorRepository::vendor).list();
    }

    private static Vendor vendor(ResultSet rs, int row) throws SQLException {
        return new Vendor(new VendorId(rs.getObject("id", UUID.class)), rs.getString("name"), rs.getString("email"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
