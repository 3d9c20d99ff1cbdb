package io.opsbench.platform.tenancy;

import io.opsbench.platform.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Opens every transaction with the bound tenant as a transaction-local setting, which the
 * row-level-security policies read, and, inside an API request, the request's id, actor and endpoint,
 * which the audit triggers record. The settings end with the transaction, so a pooled connection
 * never carries one request into another's work. One statement, one round trip.
 */
class TenantTransactionManager extends JdbcTransactionManager {

    private static final String SET_CONTEXT = """
            SELECT set_config('app.tenant_id', ?, true), set_config('app.request_id', ?, true),
                   set_config('app.actor', ?, true), set_config('app.action', ?, true)""";

    TenantTransactionManager(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void prepareTransactionalConnection(Connection connection, TransactionDefinition definition)
            throws SQLException {
        super.prepareTransactionalConnection(connection, definition);
        String tenant = TenantScope.current().map(TenantId::toString).orElse("");
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest() : null;
        String requestId = request == null ? null : RequestIds.of(request);
        if (tenant.isEmpty() && requestId == null) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(SET_CONTEXT)) {
            statement.setString(1, tenant);
            statement.setString(2, requestId == null ? "" : requestId);
            statement.setString(3, request == null ? "" : RequestTrail.actor(request));
            statement.setString(4, request == null ? "" : RequestTrail.action(request));
            statement.execute();
        }
    }
}
