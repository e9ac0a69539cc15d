package dev.crawlyard.standalone;

import java.io.IOException;
import java.util.Optional;
import org.springframework.beans.factory.DisposableBean;

/**
 * The embedded servers of standalone mode: PostgreSQL when no database URL is configured,
 * Temporal when no Temporal address is. The connections depend on this bean, so Spring closes
 * them before it closes the servers.
 */
public final class EmbeddedServices implements DisposableBean {

    private final Optional<EmbeddedPostgres> postgres;
    private final Optional<EmbeddedTemporal> temporal;
    private final StandaloneProperties properties;

    private EmbeddedServices(Optional<EmbeddedPostgres> postgres, Optional<EmbeddedTemporal> temporal,
            StandaloneProperties properties) {
        this.postgres = postgres;
        this.temporal = temporal;
        this.properties = properties;
    }

    static EmbeddedServices start(boolean needPostgres, boolean needTemporal, StandaloneProperties properties) {
        Optional<EmbeddedTemporal> temporal = needTemporal
                ? Optional.of(EmbeddedTemporal.start(properties.temporalBindAddress(), properties.temporalPort()))
                : Optional.empty();
        Optional<EmbeddedPostgres> postgres;
        try {
            postgres = needPostgres ? Optional.of(EmbeddedPostgres.start(properties)) : Optional.empty();
        } catch (RuntimeException e) {
            temporal.ifPresent(EmbeddedTemporal::close);
            throw e;
        }
        return new EmbeddedServices(postgres, temporal, properties);
    }

    /** The embedded database's JDBC URL, if one was started. */
    public Optional<String> jdbcUrl() {
        return postgres.map(EmbeddedPostgres::jdbcUrl);
    }

    /** The embedded database's superuser password, if one was started. */
    public Optional<String> databasePassword() {
        return postgres.map(EmbeddedPostgres::password);
    }

    /** The file holding the embedded database's password (for worker-hosts joining), if one was started. */
    public Optional<java.nio.file.Path> databasePasswordFile() {
        return postgres.map(started -> properties.passwordFile());
    }

    /** The embedded Temporal's address, if one was started. */
    public Optional<String> temporalAddress() {
        return temporal.map(EmbeddedTemporal::address);
    }

    @Override
    public void destroy() throws IOException {
        temporal.ifPresent(EmbeddedTemporal::close);
        if (postgres.isPresent()) {
            postgres.get().close();
        }
    }
}
