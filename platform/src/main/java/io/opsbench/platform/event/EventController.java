package io.opsbench.platform.event;

import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.auth.Access;
import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.auth.Scope;
import io.opsbench.platform.tenancy.TenantScope;
import io.opsbench.platform.web.InvalidInput;
import io.opsbench.platform.web.Page;
import io.opsbench.platform.web.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

@RestController
@Tag(name = "Events", description = "What happened in your tenant, kept 30 days.")
class EventController {

    private static final String LIST = """
            SELECT id, type, created_at, resource_type, resource_id, sequence, payload::text AS payload
            FROM outbox_events
            WHERE (CAST(:type AS text) IS NULL OR type = :type)
              AND (CAST(:since AS timestamptz) IS NULL OR created_at >= :since)
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (created_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS text)))
            ORDER BY created_at, id LIMIT :limit
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    EventController(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @GetMapping(path = "/v1/events", produces = MediaType.APPLICATION_JSON_VALUE)
    @Access(value = Principal.Kind.TENANT, scope = Scope.READ)
    @Operation(summary = "List recent events", description = "Filters: `type` (exact), `since` (RFC 3339). Oldest first.")
    @Transactional(readOnly = true)
    public Page<Event> list(@RequestParam(required = false) String type,
            @RequestParam(required = false) Instant since, @RequestParam(required = false) Integer limit,
            @RequestParam(required = false) String cursor) {
        if (type != null && !EventTypes.ALL.contains(type)) {
            throw InvalidInput.parameter("type", "is not an event type");
        }
        PageRequest page = PageRequest.of(limit, cursor, type, since);
        String tenant = TenantScope.require().toString();
        var rows = jdbc.sql(LIST).param("type", type).param("since", utc(since))
                .param("afterAt", utc(page.afterSortKey())).param("afterId", afterId(page))
                .param("limit", page.fetchSize())
                .query((rs, n) -> new Event(rs.getString("id"), rs.getString("type"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(), tenant,
                        rs.getString("resource_type"), rs.getObject("resource_id", UUID.class), rs.getLong("sequence"),
                        json.readTree(rs.getString("payload"))))
                .list();
        return Page.of(rows, page, Event::createdAt, event -> toUuid(event.id()), type, since);
    }

    // Event ids are evt_ + the hex of a UUIDv7; the cursor carries them as UUIDs.
    private static UUID toUuid(String eventId) {
        String hex = eventId.substring(4);
        return UUID.fromString(hex.replaceFirst("(\\w{8})(\\w{4})(\\w{4})(\\w{4})(\\w{12})", "$1-$2-$3-$4-$5"));
    }

    private static String afterId(PageRequest page) {
        return page.afterId() == null ? null : "evt_" + page.afterId().toString().replace("-", "");
    }
}
