package io.opsbench.platform.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.postgresql.core.BaseConnection;
import org.postgresql.jdbc.PgConnection;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Migrates as the schema owner, then refuses to start when the request pool's role could step
 * around row-level security: a superuser, a role with BYPASSRLS, or the owner of the tables (or a
 * member of the owner's role) would see every tenant's rows. Also refuses driver settings under which
 * the session context could be parted from its statement (see {@link #verifyDriverSettings(Connection)}).
 */
@Component
class DatabaseRoleCheck implements FlywayMigrationStrategy {

    private static final String APPLICATION_ROLE = """
            SELECT current_user AS role_name,
                   r.rolsuper AS superuser,
                   r.rolbypassrls AS bypass_rls,
                   EXISTS (SELECT 1 FROM pg_class c
                           WHERE c.relnamespace = current_schema()::regnamespace
                             AND c.relkind = 'r'
                             AND pg_has_role(current_user, c.relowner, 'USAGE')) AS owner
            FROM pg_roles r
            WHERE r.rolname = current_user
            """;

    private final DataSource dataSource;

    DatabaseRoleCheck(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void migrate(Flyway flyway) {
        flyway.migrate();
        verifyApplicationRole();
        try (Connection connection = dataSource.getConnection()) {
            verifyDriverSettings(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the database driver's settings", e);
        }
    }

    /**
     * Refuses PostgreSQL driver settings that send parameters without a type, or describe every statement:
     * {@code stringtype=unspecified}, a negative {@code prepareThreshold}, {@code forceBinary=true}. Under them
     * the driver may put a Sync between the session context and a statement run outside a transaction, and the
     * statement would then run with no tenant (see docs/architecture.md, <em>How the tenant reaches
     * PostgreSQL</em>).
     *
     * @param connection a connection of the request pool
     * @throws SQLException when the connection cannot be read
     */
    static void verifyDriverSettings(Connection connection) throws SQLException {
        BaseConnection driver = connection.unwrap(BaseConnection.class);
        boolean forceBinary = connection.isWrapperFor(PgConnection.class) && connection.unwrap(PgConnection.class).getForceBinary();
        if (!driver.getStringVarcharFlag() || driver.getPrepareThreshold() < 0 || forceBinary) {
            throw new IllegalStateException(("The JDBC URL sets stringtype=unspecified, a negative prepareThreshold or "
                    + "forceBinary=true (stringtype varchar=%s, prepareThreshold=%d, forceBinary=%s): under them the "
                    + "driver may run a statement apart from the tenant's session settings. Remove them from "
                    + "spring.datasource.url.").formatted(driver.getStringVarcharFlag(), driver.getPrepareThreshold(),
                    forceBinary));
        }
    }

    void verifyApplicationRole() {
        ApplicationRole role = JdbcClient.create(dataSource).sql(APPLICATION_ROLE)
                .query((rs, n) -> new ApplicationRole(rs.getString("role_name"), rs.getBoolean("superuser"),
                        rs.getBoolean("bypass_rls"), rs.getBoolean("owner")))
                .single();
        if (role.superuser() || role.bypassRls() || role.owner()) {
            throw new IllegalStateException(("The application database role '%s' must be neither superuser, "
                    + "BYPASSRLS, nor owner of the schema's tables (superuser=%s, bypassrls=%s, owner=%s): "
                    + "row-level security would not apply to it. Point spring.datasource.username at a "
                    + "dedicated role and spring.flyway.user at the owner.")
                    .formatted(role.name(), role.superuser(), role.bypassRls(), role.owner()));
        }
    }

    private record ApplicationRole(String name, boolean superuser, boolean bypassRls, boolean owner) {
    }
}
