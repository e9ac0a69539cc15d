package dev.crawlyard.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A real PostgreSQL for tests, started once per JVM and migrated with the real migrations. Tests
 * share it and stay independent by creating their own rows rather than by clearing tables.
 */
public final class TestDatabase {

    private static TestDatabase shared;

    private final EmbeddedPostgres postgres;
    private final DataSource dataSource;

    private TestDatabase(EmbeddedPostgres postgres) {
        this.postgres = postgres;
        this.dataSource = postgres.getPostgresDatabase();
        Flyway.configure().dataSource(dataSource).load().migrate();
    }

    /** The JVM's test database, started on first use and stopped when the JVM exits. */
    public static synchronized TestDatabase shared() {
        if (shared == null) {
            try {
                shared = new TestDatabase(EmbeddedPostgres.builder().start());
            } catch (IOException e) {
                throw new UncheckedIOException("could not start the embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbcClient() {
        return JdbcClient.create(dataSource);
    }

    public JdbcTemplate jdbcTemplate() {
        return new JdbcTemplate(dataSource);
    }

    public int port() {
        return postgres.getPort();
    }

    /** A JDBC URL another process can use to reach this database. */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";
    }

    private void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
