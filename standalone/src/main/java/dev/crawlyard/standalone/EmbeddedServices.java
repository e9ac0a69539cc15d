package dev.crawlyard.standalone;

import dev.crawlyard.store.config.SecretFiles;
import java.io.IOException;
import java.nio.file.Path;
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
    private final Optional<String> temporalApiKey;
    private final StandaloneProperties properties;

    private EmbeddedServices(Optional<EmbeddedPostgres> postgres, Optional<EmbeddedTemporal> temporal,
            Optional<String> temporalApiKey, StandaloneProperties properties) {
        this.postgres = postgres;
        this.temporal = temporal;
        this.temporalApiKey = temporalApiKey;
        this.properties = properties;
    }

    static EmbeddedServices start(boolean needPostgres, boolean needTemporal, StandaloneProperties properties) {
        Optional<String> apiKey = needTemporal
                ? Optional.of(SecretFiles.readOrCreate(properties.temporalApiKeyFile()))
                : Optional.empty();
        Optional<EmbeddedTemporal> temporal = apiKey.map(key ->
                EmbeddedTemporal.start(properties.temporalBindAddress(), properties.temporalPort(), key));
        Optional<EmbeddedPostgres> postgres;
        try {
            postgres = needPostgres ? Optional.of(EmbeddedPostgres.start(properties)) : Optional.empty();
        } catch (RuntimeException e) {
            temporal.ifPresent(EmbeddedTemporal::close);
            throw e;
        }
        return new EmbeddedServices(postgres, temporal, apiKey, properties);
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
    public Optional<Path> databasePasswordFile() {
        return postgres.map(started -> properties.passwordFile());
    }

    /** The embedded Temporal's address, if one was started. */
    public Optional<String> temporalAddress() {
        return temporal.map(EmbeddedTemporal::address);
    }

    /** The key every call to the embedded Temporal must carry, if one was started. */
    public Optional<String> temporalApiKey() {
        return temporalApiKey;
    }

    /** The file holding the embedded Temporal's API key (for worker-hosts joining), if one was started. */
    public Optional<Path> temporalApiKeyFile() {
        return temporal.map(started -> properties.temporalApiKeyFile());
    }

    @Override
    public void destroy() throws IOException {
        try {
            temporal.ifPresent(EmbeddedTemporal::close);
        } finally {
            // Nothing else stops the database (EmbeddedPostgres registers no shutdown hook).
            if (postgres.isPresent()) {
                postgres.get().close();
            }
        }
    }
}
