package io.opsbench.platform.tenancy;

import io.opsbench.platform.web.RequestIds;
import jakarta.servlet.http.HttpServletRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * What PostgreSQL must know about the work a statement does: the tenant, which the row-level-security
 * policies read, and inside an API request the request's id, actor and endpoint, which the audit
 * triggers record. Sent as transaction-local settings, so they end with the transaction and a pooled
 * connection never carries one request into another's work.
 */
record SessionContext(String tenant, String requestId, String actor, String action) {

    /** Sets the four settings; its four parameters are bound by {@link #bind}. */
    static final String SET_SQL = """
            SELECT set_config('app.tenant_id', ?, true), set_config('app.request_id', ?, true), \
            set_config('app.actor', ?, true), set_config('app.action', ?, true)""";
    static final int PARAMETERS = 4;

    /** The current thread's context, or null when there is neither a tenant nor a request to record. */
    static SessionContext current() {
        String tenant = TenantScope.current().map(TenantId::toString).orElse("");
        HttpServletRequest request = RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes a
                ? a.getRequest() : null;
        if (request == null) {
            return tenant.isEmpty() ? null : new SessionContext(tenant, "", "", "");
        }
        return new SessionContext(tenant, RequestIds.of(request), RequestTrail.actor(request),
                RequestTrail.action(request));
    }

    /** Sends the settings in a statement of their own (when they cannot travel with the next one). */
    void sendAlone(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SET_SQL)) {
            bind(statement);
            statement.execute();
        }
    }

    /** Binds the values to parameters 1 to 4 of a statement that starts with {@link #SET_SQL}. */
    void bind(PreparedStatement statement) throws SQLException {
        statement.setString(1, tenant);
        statement.setString(2, requestId);
        statement.setString(3, actor);
        statement.setString(4, action);
    }
}
