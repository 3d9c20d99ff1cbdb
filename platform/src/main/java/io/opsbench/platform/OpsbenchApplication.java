package io.opsbench.platform;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The platform. Spring Boot's observation of every web request is left out: {@code web.RequestMetrics} records the
 * same {@code http.server.requests} timer at a tenth of its cost, and both together would count each request twice.
 * Excluded here rather than with {@code spring.autoconfigure.exclude}, which a deployment's own list would replace.
 */
@SpringBootApplication(excludeName = "org.springframework.boot.webmvc.autoconfigure.WebMvcObservationAutoConfiguration")
@ConfigurationPropertiesScan
@EnableScheduling
public class OpsbenchApplication {

    public static void main(String[] args) {
        SpringApplication.run(OpsbenchApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
