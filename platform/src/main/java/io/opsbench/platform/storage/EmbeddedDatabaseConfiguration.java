package io.opsbench.platform.storage;

import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayDataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * Starts an embedded PostgreSQL when {@code spring.datasource.url} is not set, so a newcomer needs
 * nothing installed. Migrations run as the schema owner; the request pool connects as the
 * application role, which row-level security binds.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(NoDatasourceConfigured.class)
class EmbeddedDatabaseConfiguration {

    /**
     * The server, stopped when the context closes, after the pools that depend on it. Test JVMs
     * ({@code opsbench.embedded-postgres.ephemeral}) cache several contexts on one throwaway server,
     * which stops with the JVM instead.
     */
    @Bean
    EmbeddedServer embeddedPostgres(StorageSettings settings, Environment environment) {
        boolean ephemeral = environment.getProperty("opsbench.embedded-postgres.ephemeral", Boolean.class, false);
        Path directory = ephemeral ? temporaryDirectory() : settings.dataDir().resolve("pg").toAbsolutePath();
        return new EmbeddedServer(EmbeddedPostgresServer.start(directory, ephemeral), !ephemeral);
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedServer server) {
        EmbeddedPostgres postgres = server.postgres();
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl(EmbeddedPostgresServer.APP_ROLE, EmbeddedPostgresServer.DATABASE));
        dataSource.setUsername(EmbeddedPostgresServer.APP_ROLE);
        dataSource.setPoolName("opsbench-app");
        return dataSource;
    }

    @Bean
    @FlywayDataSource
    DataSource ownerDataSource(EmbeddedServer server) {
        return server.postgres().getDatabase(EmbeddedPostgresServer.OWNER_ROLE, EmbeddedPostgresServer.DATABASE);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("opsbench-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record EmbeddedServer(EmbeddedPostgres postgres, boolean stopOnClose) implements AutoCloseable {
        @Override
        public void close() {
            if (stopOnClose) {
                EmbeddedPostgresServer.stop();
            }
        }
    }
}
