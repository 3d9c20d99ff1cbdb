package io.opsbench.platform.technician;

import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.PageRequest;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class TechnicianRepository {

    private static final String COLUMNS = "id, name, email, phone, skills, active, created_at, updated_at";
    private static final String INSERT = """
            INSERT INTO technicians (tenant_id, id, name, email, phone, skills, active, created_at, updated_at)
            VALUES (:tenantId, :id, :name, :email, :phone, CAST(:skills AS text[]), :active, :createdAt, :updatedAt)
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM technicians WHERE id = :id";
    private static final String SHARE = FIND + " FOR SHARE";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM technicians
            WHERE (CAST(:active AS boolean) IS NULL OR active = :active)
              AND (CAST(:skill AS text) IS NULL OR :skill = ANY (skills))
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY created_at, id LIMIT :limit
            """;
    private static final String UPDATE = """
            UPDATE technicians SET name = :name, email = :email, phone = :phone, skills = CAST(:skills AS text[]),
                                   active = :active, updated_at = :updatedAt
            WHERE id = :id
            """;

    private final JdbcClient jdbc;

    TechnicianRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(TenantId tenant, Technician technician) {
        jdbc.sql(INSERT).param("tenantId", tenant.value()).param("id", technician.id())
                .param("name", technician.name()).param("email", technician.email()).param("phone", technician.phone())
                .param("skills", technician.skills().toArray(String[]::new)).param("active", technician.active())
                .param("createdAt", utc(technician.createdAt())).param("updatedAt", utc(technician.updatedAt()))
                .update();
    }

    Optional<Technician> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(TechnicianRepository::technician).optional();
    }

    Optional<Technician> share(UUID id) {
        return jdbc.sql(SHARE).param("id", id).query(TechnicianRepository::technician).optional();
    }

    List<Technician> list(Boolean active, String skill, PageRequest page) {
        return jdbc.sql(LIST).param("active", active).param("skill", skill)
                .param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(TechnicianRepository::technician).list();
    }

    void update(Technician technician) {
        jdbc.sql(UPDATE).param("id", technician.id()).param("name", technician.name())
                .param("email", technician.email()).param("phone", technician.phone())
                .param("skills", technician.skills().toArray(String[]::new)).param("active", technician.active())
                .param("updatedAt", utc(technician.updatedAt())).update();
    }

    private static Technician technician(ResultSet rs, int row) throws SQLException {
        Array skills = rs.getArray("skills");
        return new Technician(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("email"),
                rs.getString("phone"), skills == null ? List.of() : Arrays.asList((String[]) skills.getArray()),
                rs.getBoolean("active"), rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
