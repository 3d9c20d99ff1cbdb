package io.opsbench.bench.floor;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor under the read benchmark: the platform's own stack (Spring Boot, Tomcat on virtual threads,
 * Spring MVC, Jackson, HikariCP with the platform's pool size, pgjdbc) serving exactly what {@code pgbench -S}
 * runs — one {@code SELECT abalance FROM pgbench_accounts WHERE aid = ?} — as a JSON GET, with none of the
 * platform's features (no authentication, rate limit, quota, row-level security, metrics or ETag).
 *
 * <p>Its rate against {@code pgbench -S} is what the stack itself leaves on this machine; the platform's read
 * against it is what the platform's features cost. Started by {@code bench/run-all.sh} against the bench
 * database of the same embedded PostgreSQL:
 *
 * <pre>java -cp … io.opsbench.bench.floor.StackFloor --server.port=18082 \
 *     --spring.datasource.url=jdbc:postgresql://127.0.0.1:PGPORT/bench --spring.datasource.username=postgres</pre>
 */
@SpringBootApplication
public class StackFloor {

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(StackFloor.class);
        application.setDefaultProperties(Map.of(
                "spring.threads.virtual.enabled", "true",
                "spring.datasource.hikari.maximum-pool-size", "10",
                "spring.main.banner-mode", "off"));
        application.run(args);
    }

    @RestController
    static class Accounts {

        private static final String FIND = "SELECT abalance FROM pgbench_accounts WHERE aid = :aid";

        private final JdbcClient jdbc;

        Accounts(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @GetMapping(path = "/accounts/{aid}", produces = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> get(@PathVariable int aid) {
            int balance = jdbc.sql(FIND).param("aid", aid).query(Integer.class).single();
            return Map.of("aid", aid, "abalance", balance);
        }
    }
}
