package dev.crawlyard.store.config;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where PostgreSQL is ({@code crawlyard.db.*}).
 *
 * @param url      a JDBC URL; blank in the api means "start an embedded one", and in a worker means
 *                 the standalone platform's default embedded database
 * @param username the database user
 * @param password the database password
 * @param maxPoolSize the most connections this process opens
 */
@ConfigurationProperties("crawlyard.db")
public record DatabaseProperties(String url, String username, String password, Integer maxPoolSize) {

    /** Where a standalone platform's embedded PostgreSQL listens unless told otherwise. */
    public static final String STANDALONE_URL = "jdbc:postgresql://127.0.0.1:54329/postgres";

    public DatabaseProperties {
        url = url == null ? "" : url.trim();
        username = username == null || username.isBlank() ? "postgres" : username;
        password = password == null ? "" : password;
        maxPoolSize = maxPoolSize == null ? 10 : maxPoolSize;
    }
}
