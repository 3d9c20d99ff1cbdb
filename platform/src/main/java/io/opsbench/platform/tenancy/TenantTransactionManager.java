package io.opsbench.platform.tenancy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Opens every transaction with the bound tenant as a transaction-local setting, which the
 * row-level-security policies read. The setting ends with the transaction, so a pooled connection
 * never carries one tenant into another's work.
 */
class TenantTransactionManager extends JdbcTransactionManager {

    private static final String SET_TENANT = "SELECT set_config('app.tenant_id', ?, true)";

    TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        var tenant = TenantScope.current();
        if (tenant.isPresent()) {
            try (PreparedStatement statement = connection.prepareStatement(SET_TENANT)) {
                statement.setString(1, tenant.get().toString());
                statement.execute();
            }
        }
    }
}
