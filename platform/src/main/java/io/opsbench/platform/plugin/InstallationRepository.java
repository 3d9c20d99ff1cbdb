package io.opsbench.platform.plugin;

import static io.opsbench.platform.storage.Sql.utc;

import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.PageRequest;
import io.opsbench.plugin.Capability;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

@Repository
class InstallationRepository {

    private static final String COLUMNS = """
            id, plugin_id, version, submission_id, capabilities, status, status_reason, config, secret_names,
            installed_at, updated_at, consecutive_failures""";
    private static final String INSERT = """
            INSERT INTO plugin_installations (tenant_id, id, plugin_id, version, submission_id, capabilities, status,
                                              config, secrets, secret_names, events, installed_at, updated_at)
            VALUES (:tenantId, :id, :pluginId, :version, :submissionId, CAST(:capabilities AS text[]), :status,
                    CAST(:config AS jsonb), :secrets, CAST(:secretNames AS text[]), CAST(:events AS text[]),
                    :installedAt, :updatedAt)
            """;
    private static final String FIND = "SELECT " + COLUMNS + " FROM plugin_installations WHERE id = :id";
    private static final String FIND_FOR_UPDATE = FIND + " FOR UPDATE";
    private static final String SECRETS = "SELECT secrets FROM plugin_installations WHERE id = :id";
    private static final String LIST = "SELECT " + COLUMNS + """
             FROM plugin_installations
            WHERE CAST(:afterAt AS timestamptz) IS NULL
               OR (installed_at, id) > (CAST(:afterAt AS timestamptz), CAST(:afterId AS uuid))
            ORDER BY installed_at, id
            LIMIT :limit
            """;
    private static final String PROVIDING = "SELECT " + COLUMNS + """
             FROM plugin_installations WHERE :capability = ANY (capabilities) ORDER BY installed_at, id
            """;
    private static final String UPDATE = """
            UPDATE plugin_installations
            SET version = :version, submission_id = :submissionId, capabilities = CAST(:capabilities AS text[]),
                status = :status, status_reason = :statusReason, config = CAST(:config AS jsonb), secrets = :secrets,
                secret_names = CAST(:secretNames AS text[]), events = CAST(:events AS text[]), updated_at = :updatedAt,
                consecutive_failures = :consecutiveFailures
            WHERE id = :id
            """;
    private static final String DELETE = "DELETE FROM plugin_installations WHERE id = :id";
    private static final String FAILED = """
            UPDATE plugin_installations
            SET consecutive_failures = consecutive_failures + 1,
                status = CASE WHEN status = 'active' AND consecutive_failures + 1 >= :threshold THEN 'suspended'
                              ELSE status END,
                status_reason = CASE WHEN status = 'active' AND consecutive_failures + 1 >= :threshold THEN :reason
                                     ELSE status_reason END,
                updated_at = :at
            WHERE id = :id
            RETURNING status
            """;
    private static final String SUCCEEDED = """
            UPDATE plugin_installations SET consecutive_failures = 0 WHERE id = :id AND consecutive_failures > 0
            """;
    private static final String CHOICES = "SELECT capability, installation_id FROM capability_choices";
    private static final String CHOOSE = """
            INSERT INTO capability_choices (tenant_id, capability, installation_id)
            VALUES (:tenantId, :capability, :installationId)
            ON CONFLICT (tenant_id, capability) DO UPDATE SET installation_id = EXCLUDED.installation_id
            """;
    private static final String SUSPEND_RELEASE = """
            SELECT tenant_id, installation_id FROM suspend_release_installations(:pluginId, :version, :reason, :at)
            """;
    private static final String RELEASES_IN_USE = "SELECT plugin_id || '@' || version FROM releases_in_use()";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    InstallationRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(TenantId tenant, Installation installation, byte[] secrets, List<String> events) {
        jdbc.sql(INSERT)
                .param("events", events.toArray(String[]::new))
                .param("tenantId", tenant.value())
                .param("id", installation.id())
                .param("pluginId", installation.pluginId())
                .param("version", installation.version())
                .param("submissionId", installation.submissionId())
                .param("capabilities", wireNames(installation.capabilities()))
                .param("status", installation.status().wireName())
                .param("config", json.writeValueAsString(installation.config()))
                .param("secrets", secrets)
                .param("secretNames", installation.secretsSet().toArray(String[]::new))
                .param("installedAt", utc(installation.installedAt()))
                .param("updatedAt", utc(installation.updatedAt()))
                .update();
    }

    Optional<Installation> find(UUID id) {
        return jdbc.sql(FIND).param("id", id).query(this::installation).optional();
    }

    Optional<Installation> lock(UUID id) {
        return jdbc.sql(FIND_FOR_UPDATE).param("id", id).query(this::installation).optional();
    }

    byte[] secrets(UUID id) {
        return jdbc.sql(SECRETS).param("id", id).query((rs, n) -> rs.getBytes(1)).optional().orElse(null);
    }

    List<Installation> list(PageRequest page) {
        return jdbc.sql(LIST).param("afterAt", utc(page.afterSortKey())).param("afterId", page.afterId())
                .param("limit", page.fetchSize()).query(this::installation).list();
    }

    List<Installation> providing(Capability capability) {
        return jdbc.sql(PROVIDING).param("capability", capability.wireName()).query(this::installation).list();
    }

    void update(Installation installation, byte[] secrets, List<String> events) {
        jdbc.sql(UPDATE)
                .param("consecutiveFailures", installation.consecutiveFailures())
                .param("events", events.toArray(String[]::new))
                .param("id", installation.id())
                .param("version", installation.version())
                .param("submissionId", installation.submissionId())
                .param("capabilities", wireNames(installation.capabilities()))
                .param("status", installation.status().wireName())
                .param("statusReason", installation.statusReason())
                .param("config", json.writeValueAsString(installation.config()))
                .param("secrets", secrets)
                .param("secretNames", installation.secretsSet().toArray(String[]::new))
                .param("updatedAt", utc(installation.updatedAt()))
                .update();
    }

    /** Counts a failed call; answers the installation's status afterwards. */
    InstallationStatus failed(UUID id, int threshold, String reason, Instant at) {
        return jdbc.sql(FAILED).param("id", id).param("threshold", threshold).param("reason", reason)
                .param("at", utc(at)).query((rs, n) -> InstallationStatus.fromWire(rs.getString(1))).single();
    }

    void succeeded(UUID id) {
        jdbc.sql(SUCCEEDED).param("id", id).update();
    }

    boolean delete(UUID id) {
        return jdbc.sql(DELETE).param("id", id).update() == 1;
    }

    Map<Capability, UUID> choices() {
        return jdbc.sql(CHOICES).query((rs, n) -> Map.entry(capability(rs.getString(1)), rs.getObject(2, UUID.class)))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    void choose(TenantId tenant, Capability capability, UUID installationId) {
        jdbc.sql(CHOOSE).param("tenantId", tenant.value()).param("capability", capability.wireName())
                .param("installationId", installationId).update();
    }

    List<Map.Entry<TenantId, UUID>> suspendRelease(String pluginId, String version, String reason, Instant at) {
        return jdbc.sql(SUSPEND_RELEASE).param("pluginId", pluginId).param("version", version).param("reason", reason)
                .param("at", utc(at))
                .query((rs, n) -> Map.entry(TenantId.of(rs.getObject(1, UUID.class)), rs.getObject(2, UUID.class)))
                .list();
    }

    Set<String> releasesInUse() {
        return Set.copyOf(jdbc.sql(RELEASES_IN_USE).query(String.class).list());
    }

    private Installation installation(ResultSet rs, int row) throws SQLException {
        return new Installation(rs.getObject("id", UUID.class), rs.getString("plugin_id"), rs.getString("version"),
                rs.getObject("submission_id", UUID.class),
                strings(rs.getArray("capabilities")).stream().map(InstallationRepository::capability).toList(),
                InstallationStatus.fromWire(rs.getString("status")), rs.getString("status_reason"),
                (ObjectNode) json.readTree(rs.getString("config")), strings(rs.getArray("secret_names")),
                rs.getObject("installed_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant(), rs.getInt("consecutive_failures"));
    }

    private static List<String> strings(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static String[] wireNames(List<Capability> capabilities) {
        return capabilities.stream().map(Capability::wireName).toArray(String[]::new);
    }

    static Capability capability(String wireName) {
        return Arrays.stream(Capability.values()).filter(c -> c.wireName().equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown capability " + wireName));
    }
}
