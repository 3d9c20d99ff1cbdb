package io.opsbench.platform.audit;

import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Audit log", description = "Every change made through the API, append-only.")
class AuditController {

    private static final String COLUMNS = """
            id, tenant_id, actor_kind, actor_key_id, action, operation, resource_type, resource_id, request_id,
            changes::text AS changes, created_at""";
    private static final String FILTERS = """
            (CAST(:resourceType AS text) IS NULL OR resource_type = :resourceType)
              AND (CAST(:resourceId AS text) IS NULL OR resource_id = :resourceId)
              AND (CAST(:requestId AS text) IS NULL OR request_id = :requestId)
              AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))""";
    // Row-level security keeps a tenant to its own records.
    private static final String TENANT_LIST = "SELECT " + COLUMNS + " FROM audit_events WHERE " + FILTERS
            + " ORDER BY created_at, id LIMIT :limit";
    private static final String OPERATOR_LIST = "SELECT " + COLUMNS + """
             FROM list_audit_events(CAST(:resourceType AS text), CAST(:resourceId AS text), CAST(:requestId AS text),
                                   CAST(:since AS timestamptz), CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid),
                                   :limit)
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    AuditController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @GetMapping(path = "/v1/audit-events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = {Principal.Kind.TENANT, Principal.Kind.OPERATOR}, scope = Scope.ADMIN)
    @Operation(summary = "List audit records", description = "Tenant admin keys see their tenant's records; the "
            + "operator sees everything, platform records included. Filters: `resource_type` (the table, e.g. "
            + "`tickets`), `resource_id`, `request_id`, `since`.")
    @Transactional(readOnly = true)
    public Page<AuditEvent> list(@RequestParam(name = "resource_type", required = false) String resourceType,
            @RequestParam(name = "resource_id", required = false) String resourceId,
            @RequestParam(name = "request_id", required = false) String requestId,
            @RequestParam(required = false) Instant since, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor, Principal caller) {
        PageRequest page = PageRequest.of(limit, cursor, resourceType, resourceId, requestId, since);
        List<AuditEvent> rows = jdbc.sql(caller instanceof Principal.Operator ? OPERATOR_LIST : TENANT_LIST)
                .param("resourceType", resourceType).param("resourceId", resourceId).param("requestId", requestId)
                .param("since", utc(since)).param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize())
                .query(this::event).list();
        return Page.of(rows, page, AuditEvent::createdAt, AuditEvent::id, resourceType, resourceId, requestId, since);
    }

    private AuditEvent event(ResultSet rs, int row) throws SQLException {
        return new AuditEvent(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("actor_kind"), rs.getObject("actor_key_id", UUID.class), rs.getString("action"),
                rs.getString("operation"), rs.getString("resource_type"), rs.getString("resource_id"),
                rs.getString("request_id"), json.readTree(rs.getString("changes")),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
