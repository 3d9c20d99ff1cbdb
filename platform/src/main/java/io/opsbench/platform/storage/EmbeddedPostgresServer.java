package io.opsbench.platform.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server the platform starts for itself when no database is configured.
 *
 * <p>One server per JVM: test suites start many application contexts and share it. It creates the
 * database and its two login roles on first start: {@value #OWNER_ROLE} owns the schema and runs the
 * migrations, {@value #APP_ROLE} serves requests and is subject to row-level security.
 */
final class EmbeddedPostgresServer {

    static final String DATABASE = "opsbench";
    static final String OWNER_ROLE = "opsbench_owner";
    static final String APP_ROLE = "opsbench_app";

    private static final Logger log = LoggerFactory.getLogger(EmbeddedPostgresServer.class);
    private static EmbeddedPostgres shared;
    private static Path sharedDirectory;

    private EmbeddedPostgresServer() {
    }

    static synchronized EmbeddedPostgres start(Path dataDirectory, boolean stopWithJvm) {
        if (shared != null) {
            if (!sharedDirectory.equals(dataDirectory)) {
                throw new IllegalStateException("Embedded PostgreSQL already runs on " + sharedDirectory);
            }
            return shared;
        }
        try {
            Files.createDirectories(dataDirectory);
            long started = System.nanoTime();
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(stopWithJvm)
                    .setServerConfig("max_connections", "200")
                    .start();
            createDatabaseAndRoles(postgres.getPostgresDatabase());
            log.info("Embedded PostgreSQL started on port {} with data in {} ({} ms); it runs with fsync off,"
                    + " fine for development, not for production", postgres.getPort(), dataDirectory,
                    (System.nanoTime() - started) / 1_000_000);
            shared = postgres;
            sharedDirectory = dataDirectory;
            return postgres;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start embedded PostgreSQL in " + dataDirectory, e);
        }
    }

    static synchronized void stop() {
        if (shared == null) {
            return;
        }
        try {
            shared.close();
        } catch (IOException e) {
            log.warn("Embedded PostgreSQL did not stop cleanly", e);
        } finally {
            shared = null;
            sharedDirectory = null;
        }
    }

    private static void createDatabaseAndRoles(DataSource superuser) {
        try (Connection connection = superuser.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("""
                    DO $$
                    BEGIN
                      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%1$s') THEN
                        CREATE ROLE %1$s LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
                      END IF;
                      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '%2$s') THEN
                        CREATE ROLE %2$s LOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
                      END IF;
                    END
                    $$""".formatted(OWNER_ROLE, APP_ROLE));
            var exists = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + DATABASE + "'");
            if (!exists.next()) {
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + OWNER_ROLE);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot prepare the embedded database", e);
        }
    }
}
