package io.opsbench.platform.marketplace;

import static io.opsbench.platform.storage.Sql.instant;
import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.auth.VendorId;
import io.opsbench.platform.web.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Repository
class SubmissionRepository {

    private static final String COLUMNS = """
            id, vendor_id, plugin_id, version, status, checks, sha256, size_bytes, submitted_at, decided_at,
            decision_note, yanked_at, yank_reason""";
    private static final String INSERT = """
            INSERT INTO plugin_submissions (id, vendor_id, plugin_id, version, status, checks_passed, checks, sha256,
                                            size_bytes, manifest, submitted_at)
            VALUES (:id, :vendorId, :pluginId, :version, :status, :checksPassed, CAST(:checks AS jsonb), :sha256,
                    :size, CAST(:manifest AS jsonb), :submittedAt)
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM plugin_submissions WHERE id = :id";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM plugin_submissions
            WHERE (CAST(:vendorId AS uuid) IS NULL OR vendor_id = :vendorId)
              AND (CAST(:status AS text) IS NULL OR status = :status)
              AND (CAST(:afterAt AS timestamptz) IS NULL
                   OR (submitted_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid)))
            ORDER BY submitted_at, id
            LIMIT :limit
            """;
    private static final String DECIDE = """
            UPDATE plugin_submissions SET status = :to, decided_at = :at, decision_note = :note
            WHERE id = :id AND status = 'pending_review'
            """;
    private static final String YANK = """
            UPDATE plugin_submissions SET status = 'yanked', yanked_at = :at, yank_reason = :reason
            WHERE plugin_id = :pluginId AND version = :version AND status = 'approved'
            """;
    private static final String OWNER = "SELECT vendor_id FROM plugin_owners WHERE plugin_id = :pluginId";
    private static final String CLAIM = """
            INSERT INTO plugin_owners (plugin_id, vendor_id, claimed_at) VALUES (:pluginId, :vendorId, :at)
            ON CONFLICT (plugin_id) DO NOTHING
            """;
    private static final String EARLIER_VERSIONS = """
            SELECT version FROM plugin_submissions WHERE plugin_id = :pluginId AND checks_passed
            """;
    private static final String RELEASES = """
            SELECT id, manifest::text AS manifest, sha256, decided_at, status = 'yanked' AS yanked
            FROM plugin_submissions
            WHERE status IN ('approved', 'yanked') AND (CAST(:pluginId AS text) IS NULL OR plugin_id = :pluginId)
            ORDER BY plugin_id, decided_at
            """;
    private static final String RELEASE = """
            SELECT id, manifest::text AS manifest, sha256, decided_at, status = 'yanked' AS yanked
            FROM plugin_submissions
            WHERE plugin_id = :pluginId AND version = :version AND status IN ('approved', 'yanked')
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    SubmissionRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    record ReleaseRow(UUID submissionId, String manifest, String sha256, Instant approvedAt, boolean yanked) {
    }

    void insert(Submission submission, boolean checksPassed, String manifest) {
        jdbc.sql(INSERT)
                .param("id", submission.id())
                .param("vendorId", submission.vendorId().value())
                .param("pluginId", submission.pluginId())
                .param("version", submission.version())
                .param("status", submission.status().wireName())
                .param("checksPassed", checksPassed)
                .param("checks", json.writeValueAsString(submission.checks()))
                .param("sha256", submission.sha256())
                .param("size", submission.sizeBytes())
                .param("manifest", manifest)
                .param("submittedAt", utc(submission.submittedAt()))
                .update();
    }

    Optional<Submission> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(this::submission).optional();
    }

    List<Submission> list(VendorId vendor, SubmissionStatus status, PageRequest page) {
        return jdbc.sql(LIST)
                .param("vendorId", vendor == null ? null : vendor.value())
                .param("status", status == null ? null : status.wireName())
                .param("afterAt", utc(page.afterSortKey()))
                .param("afterId", page.afterId())
                .param("limit", page.fetchSize())
                .query(this::submission)
                .list();
    }

    boolean decide(UUID id, SubmissionStatus to, String note, Instant at) {
        return jdbc.sql(DECIDE).param("id", id).param("to", to.wireName()).param("note", note)
                .param("at", utc(at)).update() == 1;
    }

    boolean yank(String pluginId, String version, String reason, Instant at) {
        return jdbc.sql(YANK).param("pluginId", pluginId).param("version", version).param("reason", reason)
                .param("at", utc(at)).update() == 1;
    }

    Optional<VendorId> owner(String pluginId) {
        return jdbc.sql(OWNER).param("pluginId", pluginId).query(UUID.class).optional().map(VendorId::new);
    }

    void claim(String pluginId, VendorId vendor, Instant at) {
        jdbc.sql(CLAIM).param("pluginId", pluginId).param("vendorId", vendor.value()).param("at", utc(at)).update();
    }

    List<String> earlierVersions(String pluginId) {
        return jdbc.sql(EARLIER_VERSIONS).param("pluginId", pluginId).query(String.class).list();
    }

    List<ReleaseRow> releases(String pluginId) {
        return jdbc.sql(RELEASES).param("pluginId", pluginId).query(SubmissionRepository::release).list();
    }

    Optional<ReleaseRow> release(String pluginId, String version) {
        return jdbc.sql(RELEASE).param("pluginId", pluginId).param("version", version)
                .query(SubmissionRepository::release).optional();
    }

    private static ReleaseRow release(ResultSet rs, int row) throws SQLException {
        return new ReleaseRow(rs.getObject("id", UUID.class), rs.getString("manifest"), rs.getString("sha256"),
                instant(rs, "decided_at"), rs.getBoolean("yanked"));
    }

    private Submission submission(ResultSet rs, int row) throws SQLException {
        List<Submission.Check> checks = json.readValue(rs.getString("checks"), new TypeReference<>() {
        });
        return new Submission(rs.getObject("id", UUID.class), new VendorId(rs.getObject("vendor_id", UUID.class)),
                rs.getString("plugin_id"), rs.getString("version"), SubmissionStatus.fromWire(rs.getString("status")),
                checks, rs.getString("sha256"), rs.getInt("size_bytes"), instant(rs, "submitted_at"),
                instant(rs, "decided_at"), rs.getString("decision_note"), instant(rs, "yanked_at"),
                rs.getString("yank_reason"));
    }
}
