package io.opsbench.platform.tenancy;

import io.opsbench.platform.tenancy.ContextBindingDataSource.ContextBinding;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;

/**
 * Opens every transaction with the thread's {@link SessionContext}: the bound tenant, which the
 * row-level-security policies read, and inside an API request the request's id, actor and endpoint,
 * which the audit triggers record. On a connection of the {@link ContextBindingDataSource} the settings
 * travel with the transaction's first statement, so they cost no round trip of their own.
 */
class TenantTransactionManager extends JdbcTransactionManager {

    TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        SessionContext context = SessionContext.current();
        if (context == null) {
            return;
        }
        if (connection instanceof ContextBinding binding) {
            binding.bindWithNextStatement(context);
        } else {
            context.sendAlone(connection);
        }
    }
}
