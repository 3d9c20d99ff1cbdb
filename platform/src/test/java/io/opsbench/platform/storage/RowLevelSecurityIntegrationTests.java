package io.opsbench.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.tenancy.TenantScope;
import java.sql.Connection;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** What PostgreSQL itself guarantees underneath the application's own tenant filters. */
class RowLevelSecurityIntegrationTests extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    DatabaseRoleCheck roleCheck;

    @Autowired
    DataSource dataSource;

    @Autowired
    Flyway flyway;

    @Test
    void aQueryThatForgetsItsTenantFilterSeesOnlyTheBoundTenant() {
        TestTenant a = newTenant("pro");
        TestTenant b = newTenant("pro");

        List<UUID> seenByB = TenantScope.call(TenantId.of(b.id()), () -> transactions.execute(tx ->
                jdbc.sql("SELECT tenant_id FROM api_keys").query(UUID.class).list()));

        assertThat(seenByB).isNotEmpty().containsOnly(b.id()).doesNotContain(a.id());
    }

    @Test
    void withNoTenantBoundNoTenantRowIsVisible() {
        newTenant("pro");

        long keys = transactions.execute(tx -> jdbc.sql("SELECT count(*) FROM api_keys").query(Long.class).single());
        long tenants = jdbc.sql("SELECT count(*) FROM tenants").query(Long.class).single();

        assertThat(keys).isZero();
        assertThat(tenants).isZero();
    }

    @Test
    void aTenantCannotWriteRowsIntoAnotherTenant() {
        TestTenant a = newTenant("pro");
        TestTenant b = newTenant("pro");

        assertThatThrownBy(() -> TenantScope.run(TenantId.of(b.id()), () -> transactions.executeWithoutResult(tx ->
                jdbc.sql("""
                        INSERT INTO api_keys (tenant_id, id, name, scope, prefix, key_hash, created_at)
                        VALUES (:tenant, :id, 'planted', 'admin', 'ob_live_xxxx', :hash, now())
                        """).param("tenant", a.id()).param("id", UUID.randomUUID())
                        .param("hash", UUID.randomUUID().toString().getBytes()).update())))
                .isInstanceOf(DataAccessException.class)
                .hasStackTraceContaining("violates row-level security policy");
    }

    @Test
    void aCompositeForeignKeyRefusesAReferenceToAnotherTenantsRow() {
        TestTenant a = newTenant("pro");
        TestTenant b = newTenant("pro");
        UUID keyOfA = TenantScope.call(TenantId.of(a.id()), () -> transactions.execute(tx ->
                jdbc.sql("SELECT id FROM api_keys LIMIT 1").query(UUID.class).single()));

        assertThatThrownBy(() -> TenantScope.run(TenantId.of(b.id()), () -> transactions.executeWithoutResult(tx ->
                jdbc.sql("""
                        INSERT INTO api_keys (tenant_id, id, name, scope, prefix, key_hash, created_by, created_at)
                        VALUES (:tenant, :id, 'borrowed', 'read', 'ob_live_xxxx', :hash, :createdBy, now())
                        """).param("tenant", b.id()).param("id", UUID.randomUUID())
                        .param("hash", UUID.randomUUID().toString().getBytes()).param("createdBy", keyOfA).update())))
                .isInstanceOf(DataAccessException.class)
                .hasStackTraceContaining("violates foreign key constraint");
    }

    @Test
    void theApplicationRoleCannotBypassRowLevelSecurity() {
        roleCheck.verifyApplicationRole();

        var role = jdbc.sql("SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user")
                .query((rs, n) -> List.of(rs.getBoolean(1), rs.getBoolean(2))).single();
        assertThat(role).containsExactly(false, false);
    }

    @Test
    void startUpRefusesDriverSettingsThatCouldPartTheSessionContextFromItsStatement() throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            DatabaseRoleCheck.verifyDriverSettings(connection);

            var driver = connection.unwrap(PGConnection.class);
            int threshold = driver.getPrepareThreshold();
            driver.setPrepareThreshold(-1); // describe every statement on its first run
            try {
                assertThatThrownBy(() -> DatabaseRoleCheck.verifyDriverSettings(connection))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("prepareThreshold=-1");
            } finally {
                driver.setPrepareThreshold(threshold);
            }
        }
    }

    @Test
    void startUpRefusesAnApplicationRoleThatOwnsTheSchema() {
        var asOwner = new DatabaseRoleCheck(flyway.getConfiguration().getDataSource());

        assertThatThrownBy(asOwner::verifyApplicationRole)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("owner=true");
    }
}
