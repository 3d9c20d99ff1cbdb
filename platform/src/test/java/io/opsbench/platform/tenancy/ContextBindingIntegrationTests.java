package io.opsbench.platform.tenancy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opsbench.platform.support.IntegrationTest;
import io.opsbench.platform.web.ProblemException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The session context travels with the first statement of a transaction, or with every statement
 * outside one, and the statement behaves exactly as if it had been sent alone.
 */
class ContextBindingIntegrationTests extends IntegrationTest {

    private static final String CURRENT_TENANT = "SELECT current_setting('app.tenant_id', true)";

    @Autowired
    DataSource dataSource;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Test
    void theRequestPoolIsTheBindingOne() {
        assertThat(dataSource).isInstanceOf(ContextBindingDataSource.class);
    }

    @Test
    void theFirstStatementOfATransactionRunsUnderTheTenantAndKeepsItsParameterNumbers() {
        TestTenant a = newTenant("pro");
        TestTenant b = newTenant("pro");

        List<UUID> seen = TenantScope.call(TenantId.of(a.id()), () -> transactions.execute(tx ->
                jdbc.sql("SELECT tenant_id FROM api_keys WHERE tenant_id IN (?, ?) AND name <> ?")
                        .params(a.id(), b.id(), "no such key").query(UUID.class).list()));

        assertThat(seen).isNotEmpty().containsOnly(a.id());
    }

    @Test
    void theContextLastsForTheWholeTransaction() {
        TestTenant a = newTenant("pro");

        List<String> settings = TenantScope.call(TenantId.of(a.id()), () -> transactions.execute(tx -> List.of(
                jdbc.sql(CURRENT_TENANT).query(String.class).single(),
                jdbc.sql(CURRENT_TENANT).query(String.class).single())));

        assertThat(settings).containsExactly(a.id().toString(), a.id().toString());
    }

    @Test
    void anUpdateAsTheFirstStatementAnswersItsOwnCount() {
        TestTenant a = newTenant("pro");
        TestTenant b = newTenant("pro");

        int renamed = TenantScope.call(TenantId.of(a.id()), () -> transactions.execute(tx ->
                jdbc.sql("UPDATE api_keys SET name = name WHERE tenant_id IN (?, ?)").params(a.id(), b.id()).update()));
        int keysOfA = TenantScope.call(TenantId.of(a.id()), () -> transactions.execute(tx ->
                jdbc.sql("SELECT count(*) FROM api_keys").query(Integer.class).single()));

        assertThat(renamed).isPositive().isEqualTo(keysOfA);
    }

    @Test
    void outsideATransactionEachStatementCarriesTheContextAndItEndsWithTheStatement() throws SQLException {
        TestTenant a = newTenant("pro");

        try (Connection connection = dataSource.getConnection()) {
            assertThat(connection.getAutoCommit()).isTrue();
            String bound = TenantScope.call(TenantId.of(a.id()), () -> single(connection, CURRENT_TENANT));
            List<UUID> seen = TenantScope.call(TenantId.of(a.id()), () -> uuids(connection));
            String afterwards = single(connection, CURRENT_TENANT);

            assertThat(bound).isEqualTo(a.id().toString());
            assertThat(seen).isNotEmpty().containsOnly(a.id());
            assertThat(afterwards).isNullOrEmpty();
        }
    }

    @Test
    void outsideATransactionAStatementWithUntypedParametersStaysWithItsContext() {
        TestTenant a = newTenant("pro");
        TestTenant b = newTenant("pro");

        // A list's shape: optional filters bound as nulls (no type), text columns in the result. Once the driver
        // keeps such a statement prepared (after 5 runs) it describes it, and then puts a Sync in front of it,
        // which outside a transaction ended the settings' transaction before the statement ran: no rows from run 6.
        for (int run = 1; run <= 12; run++) {
            String filter = run % 4 == 0 ? "no such key" : null;
            List<String> seen = TenantScope.call(TenantId.of(a.id()), () -> jdbc.sql("""
                    SELECT tenant_id::text FROM api_keys
                    WHERE tenant_id IN (:a, :b) AND (CAST(:name AS text) IS NULL OR name <> :name)
                    ORDER BY created_at LIMIT :limit""")
                    .param("a", a.id()).param("b", b.id()).param("name", filter).param("limit", 10)
                    .query(String.class).list());

            assertThat(seen).as("run %d", run).isNotEmpty().containsOnly(a.id().toString());
        }
        // and its settings ended with it: the pooled connections carry no tenant
        assertThat(jdbc.sql(CURRENT_TENANT).query(String.class).single()).isNullOrEmpty();
    }

    @Test
    void outsideATransactionAFailingDescribedStatementLeavesTheConnectionUsable() throws SQLException {
        TestTenant a = newTenant("pro");

        try (Connection connection = dataSource.getConnection()) {
            TenantScope.run(TenantId.of(a.id()), () -> {
                for (int run = 1; run <= 8; run++) {
                    try (PreparedStatement statement = connection.prepareStatement(
                            "SELECT name FROM api_keys WHERE CAST(? AS int) IS NULL OR 1 / CAST(? AS int) = 1")) {
                        if (run < 8) {
                            statement.setNull(1, Types.INTEGER);
                        } else {
                            statement.setInt(1, 1);
                        }
                        statement.setObject(2, run == 8 ? "0" : null, Types.OTHER);
                        if (run < 8) {
                            try (ResultSet rows = statement.executeQuery()) {
                                assertThat(rows.next()).as("run %d", run).isTrue();
                            }
                        } else {
                            assertThatThrownBy(statement::executeQuery).isInstanceOf(SQLException.class)
                                    .hasMessageContaining("division by zero");
                        }
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                }
            });
            assertThat(connection.getAutoCommit()).isTrue();
            assertThat(single(connection, CURRENT_TENANT)).isNullOrEmpty();
        }
    }

    @Test
    void aStatementPreparedButNeverRunLeavesTheContextDueForTheNextOne() {
        TestTenant a = newTenant("pro");

        String seen = TenantScope.call(TenantId.of(a.id()), () -> transactions.execute(tx -> {
            try {
                Connection connection = DataSourceUtils.getConnection(dataSource);
                connection.prepareStatement("SELECT 1").close();
                return single(connection, CURRENT_TENANT);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));

        assertThat(seen).isEqualTo(a.id().toString());
    }

    @Test
    void parameterMetadataAndClearedParametersDescribeTheCallersStatement() throws SQLException {
        TestTenant a = newTenant("pro");

        try (Connection connection = dataSource.getConnection()) {
            TenantScope.run(TenantId.of(a.id()), () -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "SELECT count(*) FROM api_keys WHERE tenant_id = ? AND name <> ?")) {
                    assertThat(statement.getParameterMetaData().getParameterCount()).isEqualTo(2);
                    assertThat(statement.getParameterMetaData().getParameterType(1)).isEqualTo(Types.OTHER);
                    statement.setObject(1, UUID.randomUUID());
                    statement.setString(2, "x");
                    statement.clearParameters();
                    statement.setObject(1, a.id());
                    statement.setString(2, "no such key");
                    try (ResultSet rows = statement.executeQuery()) {
                        rows.next();
                        assertThat(rows.getInt(1)).isPositive();
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void aStatementCarryingTheContextRefusesBatches() throws SQLException {
        TestTenant a = newTenant("pro");

        try (Connection connection = dataSource.getConnection()) {
            TenantScope.run(TenantId.of(a.id()), () -> {
                try (PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
                    assertThatThrownBy(statement::addBatch).isInstanceOf(SQLFeatureNotSupportedException.class);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
        }
    }

    @Test
    void aTenantHoldsAtMostItsShareOfThePoolAndOtherTenantsAreNotHeldUp() throws Exception {
        TestTenant busy = newTenant("pro");
        TestTenant other = newTenant("pro");
        String customer = busy.admin().post("/v1/customers", "{\"name\": \"Busy\"}").assertStatus(201).text("id");
        String otherCustomer = other.admin().post("/v1/customers", "{\"name\": \"Other\"}").assertStatus(201)
                .text("id");
        CountDownLatch holding = new CountDownLatch(5);
        CountDownLatch release = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 5; i++) {
                threads.submit(() -> TenantScope.run(TenantId.of(busy.id()), () -> {
                    try (Connection held = dataSource.getConnection()) {
                        holding.countDown();
                        release.await();
                    } catch (SQLException | InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            var refused = busy.admin().get("/v1/customers/" + customer).assertProblem(429, "rate_limited");
            assertThat(refused.header("Retry-After")).isEqualTo("1");
            // Refused before its key is claimed, so the same key works once the tenant has room again.
            var refusedWithKey = busy.admin().post("/v1/customers", "{\"name\": \"Later\"}",
                    Map.of("Idempotency-Key", "share-test-" + busy.id())).assertProblem(429, "rate_limited");
            assertThat(refusedWithKey.header("Retry-After")).isEqualTo("1");
            assertThatThrownBy(() -> TenantScope.run(TenantId.of(busy.id()), () -> {
                try (Connection sixth = dataSource.getConnection()) {
                    sixth.isValid(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            })).hasRootCauseInstanceOf(ProblemException.class);
            other.admin().get("/v1/customers/" + otherCustomer).assertStatus(200);

            release.countDown();
        }
        busy.admin().get("/v1/customers/" + customer).assertStatus(200);
        busy.admin().post("/v1/customers", "{\"name\": \"Later\"}", Map.of("Idempotency-Key", "share-test-" + busy.id()))
                .assertStatus(201);
    }

    @Test
    void connectionsATenantThreadTakesWhileHoldingOneDoNotCountAgainstItsShare() throws SQLException {
        TestTenant tenant = newTenant("pro");
        List<Connection> nested = new ArrayList<>();
        try {
            TenantScope.run(TenantId.of(tenant.id()), () -> {
                try {
                    for (int i = 0; i < 7; i++) {
                        nested.add(dataSource.getConnection());
                    }
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThat(nested).hasSize(7);
        } finally {
            for (Connection connection : nested) {
                connection.close();
            }
        }
    }

    private static String single(Connection connection, String sql) {
        try (PreparedStatement statement = connection.prepareStatement(sql);
                ResultSet rows = statement.executeQuery()) {
            rows.next();
            return rows.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<UUID> uuids(Connection connection) {
        try (PreparedStatement statement = connection.prepareStatement("SELECT tenant_id FROM api_keys");
                ResultSet rows = statement.executeQuery()) {
            List<UUID> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getObject(1, UUID.class));
            }
            return ids;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
