package io.opsbench.platform.tenancy;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLType;
import java.sql.Types;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * Sends the {@link SessionContext} in the same round trip as the statement that needs it, instead of
 * in a round trip of its own.
 *
 * <p>A statement prepared with {@link Connection#prepareStatement(String)} while a context is due is
 * sent as {@code SELECT set_config(…); <statement>}: the PostgreSQL driver puts both in one message
 * batch with one Sync, so the server runs them in one transaction, settings first. A context is due
 * <ul>
 * <li>inside a transaction, from its start until a statement carrying it has run
 *     ({@link ContextBinding#bindWithNextStatement}, called by the transaction manager), and
 * <li>outside a transaction (auto-commit), for every statement while the thread has a context: each
 *     statement is then a transaction of its own, and its settings end with it.
 * </ul>
 * The caller sees only its own statement: its parameters keep their numbers, and its result or update
 * count is the one returned. Any other way of making a statement (plain {@code Statement}s, calls, other
 * {@code prepareStatement} overloads) first sends the context on its own, as before. Batches are
 * refused on a statement that carries the context.
 *
 * <p>One Sync is not guaranteed: once the driver has prepared a statement on the server and described it
 * (which it does when a parameter of unknown type, a {@code null} bound without one, meets a statement it
 * keeps prepared), it puts a Sync in front of every statement of the batch whose rows it cannot bound in
 * size, to keep its buffers from filling up; {@code text} columns suffice. Outside a transaction that Sync
 * ends the implicit transaction of the settings, and the statement after it would run with no context: row-
 * level security would show it nothing. So a statement outside a transaction whose SQL was ever run with
 * such a parameter (a {@code null}, {@code OTHER}, a {@code java.sql} or {@code java.util} date or time), or
 * whose parameter types or result metadata were asked for, is sent in a transaction of its own
 * ({@code BEGIN} goes in the same batch, {@code COMMIT} after it): one more round trip, and its settings
 * stay in place across any Sync. Statements whose parameters are all typed, such as a read by id, keep
 * their single round trip.
 *
 * <p>A tenant-bound thread also takes a place in its tenant's share of the pool
 * ({@link TenantConnections}) for as long as it holds the connection.
 */
final class ContextBindingDataSource extends DelegatingDataSource {

    private static final Logger log = LoggerFactory.getLogger(ContextBindingDataSource.class);

    /**
     * The SQL of statements carrying the context that were run with a parameter of unknown type, or asked for
     * their parameter types: the driver may have described them, on any connection, so outside a transaction
     * they run in one of their own. Only grows, by the statements the application's code writes.
     */
    private static final Set<String> DESCRIBABLE = ConcurrentHashMap.newKeySet();

    private final TenantConnections shares;

    ContextBindingDataSource(DataSource target, TenantConnections shares) {
        super(target);
        this.shares = shares;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connect(() -> obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connect(() -> obtainTargetDataSource().getConnection(username, password));
    }

    private interface Connect {
        Connection get() throws SQLException;
    }

    /** Takes a place in the tenant's share, then a pooled connection; the place is given back on close. */
    private Connection connect(Connect pool) throws SQLException {
        TenantConnections.Share share = shares.acquire();
        try {
            return wrap(pool.get(), share);
        } catch (Throwable e) {
            share.release();
            throw e;
        }
    }

    private static Connection wrap(Connection target, TenantConnections.Share share) {
        return (Connection) Proxy.newProxyInstance(ContextBindingDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class, ContextBinding.class}, new BindingConnection(target, share));
    }

    /** What a connection from this data source offers the transaction manager. */
    interface ContextBinding {
        /** Sends the context with the next statement prepared in this transaction. */
        void bindWithNextStatement(SessionContext context);
    }

    private static final class BindingConnection implements InvocationHandler {

        private final Connection target;
        private final TenantConnections.Share share;
        /** Due in the current transaction and not yet sent by a statement that ran. */
        private SessionContext pending;

        BindingConnection(Connection target, TenantConnections.Share share) {
            this.target = target;
            this.share = share;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            int arity = args == null ? 0 : args.length;
            switch (method.getName()) {
                case "bindWithNextStatement" -> {
                    pending = (SessionContext) args[0];
                    return null;
                }
                case "prepareStatement" -> {
                    if (arity == 1) {
                        return prepare((Connection) proxy, (String) args[0]);
                    }
                    sendPendingAlone();
                }
                case "createStatement", "prepareCall" -> sendPendingAlone();
                case "commit", "rollback" -> {
                    if (arity == 0) {
                        pending = null;
                    }
                }
                case "close" -> {
                    pending = null;
                    try {
                        return invokeTarget(target, method, args);
                    } finally {
                        share.release();
                    }
                }
                case "unwrap" -> {
                    if (args[0] == ContextBinding.class) {
                        return proxy;
                    }
                }
                case "isWrapperFor" -> {
                    if (args[0] == ContextBinding.class) {
                        return true;
                    }
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "ContextBinding[" + target + "]";
                }
                default -> {
                }
            }
            return invokeTarget(target, method, args);
        }

        private Object prepare(Connection proxy, String sql) throws SQLException {
            SessionContext context = pending != null ? pending : target.getAutoCommit() ? SessionContext.current() : null;
            if (context == null) {
                return target.prepareStatement(sql);
            }
            PreparedStatement statement = target.prepareStatement(SessionContext.SET_SQL + ";\n" + sql);
            try {
                context.bind(statement);
            } catch (SQLException | RuntimeException e) {
                statement.close();
                throw e;
            }
            return Proxy.newProxyInstance(ContextBindingDataSource.class.getClassLoader(),
                    new Class<?>[] {PreparedStatement.class},
                    new ContextFirstStatement(this, proxy, statement, context, sql));
        }

        private void sendPendingAlone() throws SQLException {
            if (pending == null) {
                return;
            }
            pending.sendAlone(target);
            pending = null;
        }

        void sent(SessionContext context) {
            if (pending == context) {
                pending = null;
            }
        }
    }

    /**
     * A statement sent behind {@link SessionContext#SET_SQL}: parameter numbers move up by four, and
     * executing it skips the settings' result.
     */
    private static final class ContextFirstStatement implements InvocationHandler {

        private final BindingConnection owner;
        private final Connection connection;
        private final PreparedStatement target;
        private final SessionContext context;
        private final String sql;

        ContextFirstStatement(BindingConnection owner, Connection connection, PreparedStatement target,
                SessionContext context, String sql) {
            this.owner = owner;
            this.connection = connection;
            this.target = target;
            this.context = context;
            this.sql = sql;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            int arity = args == null ? 0 : args.length;
            String name = method.getName();
            if (arity > 0 && name.startsWith("set") && method.getDeclaringClass() == PreparedStatement.class
                    && args[0] instanceof Integer index) {
                if (untyped(name, args)) {
                    describable();
                }
                args[0] = index + SessionContext.PARAMETERS;
                return invokeTarget(target, method, args);
            }
            if (arity == 0) {
                switch (name) {
                    case "execute" -> {
                        return executeBoth();
                    }
                    case "executeQuery" -> {
                        if (!executeBoth()) {
                            throw new SQLException("The statement returned no result set");
                        }
                        return target.getResultSet();
                    }
                    case "executeUpdate" -> {
                        executeBoth();
                        return target.getUpdateCount();
                    }
                    case "executeLargeUpdate" -> {
                        executeBoth();
                        return target.getLargeUpdateCount();
                    }
                    case "clearParameters" -> {
                        target.clearParameters();
                        context.bind(target);
                        return null;
                    }
                    case "getParameterMetaData" -> {
                        describable();
                        return shifted(target.getParameterMetaData());
                    }
                    case "getMetaData" -> {
                        describable(); // the driver may describe the statement to answer
                        return target.getMetaData();
                    }
                    case "getConnection" -> {
                        return connection;
                    }
                    case "addBatch", "executeBatch", "executeLargeBatch" -> throw batchRefused();
                    case "hashCode" -> {
                        return System.identityHashCode(proxy);
                    }
                    case "toString" -> {
                        return "ContextFirst[" + target + "]";
                    }
                    default -> {
                    }
                }
            } else if (name.equals("equals")) {
                return proxy == args[0];
            } else if (name.equals("addBatch") || name.startsWith("execute")) {
                // Statement's execute(String …) and addBatch(String) are not for prepared statements.
                throw batchRefused();
            }
            return invokeTarget(target, method, args);
        }

        /** Runs the settings and the statement in one round trip; true when the statement gave rows. */
        private boolean executeBoth() throws SQLException {
            if (DESCRIBABLE.contains(sql) && owner.target.getAutoCommit()) {
                return executeInOwnTransaction();
            }
            target.execute();
            owner.sent(context);
            return target.getMoreResults();
        }

        /**
         * The same, in a transaction of its own, so that a Sync the driver puts between them cannot part them. All
         * rows are read before the commit (no fetch size: in a transaction the driver would read through a cursor,
         * which the commit closes).
         */
        private boolean executeInOwnTransaction() throws SQLException {
            Connection pooled = owner.target;
            int fetchSize = target.getFetchSize();
            target.setFetchSize(0);
            pooled.setAutoCommit(false);
            Throwable failure = null;
            try {
                target.execute();
                boolean rows = target.getMoreResults();
                pooled.commit();
                return rows;
            } catch (Throwable e) {
                failure = e;
                try {
                    pooled.rollback();
                } catch (Throwable rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            } finally {
                try {
                    pooled.setAutoCommit(true);
                    target.setFetchSize(fetchSize);
                } catch (SQLException | RuntimeException e) {
                    if (failure == null) {
                        throw e;
                    }
                    failure.addSuppressed(e);
                }
            }
        }

        /**
         * Whether the driver may send this value with no type: a {@code null}, a value bound as {@code OTHER}, and
         * the {@code java.sql}/{@code java.util} dates and times (sent untyped so that the server picks between
         * {@code timestamp} and {@code timestamptz}). Errs towards yes; the platform binds {@code OffsetDateTime}s.
         */
        private static boolean untyped(String setter, Object[] args) {
            switch (setter) {
                case "setNull", "setTimestamp", "setTime", "setDate" -> {
                    return true;
                }
                case "setObject" -> {
                    Object value = args[1];
                    if (value == null || value instanceof java.util.Date || value instanceof java.util.Calendar) {
                        return true;
                    }
                    if (args.length < 3) {
                        return false;
                    }
                    Integer type = args[2] instanceof Integer jdbcType ? jdbcType
                            : args[2] instanceof SQLType sqlType ? sqlType.getVendorTypeNumber() : null;
                    return type != null && (type == Types.OTHER || type == Types.NULL || type == Types.TIMESTAMP
                            || type == Types.TIME || type == Types.DATE);
                }
                default -> {
                    return false;
                }
            }
        }

        private void describable() {
            if (DESCRIBABLE.add(sql)) {
                log.debug("Bound with an untyped parameter; outside a transaction it now runs in one of its own: {}",
                        sql);
            }
        }

        private static SQLException batchRefused() {
            return new SQLFeatureNotSupportedException(
                    "A statement that carries the session context cannot be batched or run with other SQL");
        }

        private static ParameterMetaData shifted(ParameterMetaData metaData) {
            return (ParameterMetaData) Proxy.newProxyInstance(ContextBindingDataSource.class.getClassLoader(),
                    new Class<?>[] {ParameterMetaData.class}, (proxy, method, args) -> {
                        if (method.getName().equals("getParameterCount")) {
                            return metaData.getParameterCount() - SessionContext.PARAMETERS;
                        }
                        if (args != null && args.length == 1 && args[0] instanceof Integer index) {
                            args[0] = index + SessionContext.PARAMETERS;
                        }
                        return invokeTarget(metaData, method, args);
                    });
        }
    }

    private static Object invokeTarget(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getTargetException();
        }
    }
}
