package dev.crawlyard.planning.health;

import java.time.Duration;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Whether PostgreSQL answers a query through this process's pool, within a bound: while the database
 * is gone the pool would make a caller wait out its whole connection timeout, longer than any probe.
 */
final class DatabaseHealthIndicator extends AbstractHealthIndicator {

    private final BoundedCheck check;

    DatabaseHealthIndicator(JdbcClient jdbc, Duration bound) {
        super("the database did not answer");
        this.check = new BoundedCheck(() -> {
            jdbc.sql("SELECT 1").query(Integer.class).single();
            return "PostgreSQL";
        }, bound);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        builder.up().withDetail("database", check.run());
    }
}
