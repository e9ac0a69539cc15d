package dev.crawlyard.store.config;

import com.zaxxer.hikari.HikariDataSource;

/** Connection pools. */
public final class DataSources {

    private DataSources() {
    }

    /** A pool over the database at {@code url}, with the configured user and password. */
    public static HikariDataSource pooled(String url, DatabaseProperties properties) {
        return pooled(url, properties.username(), properties.effectivePassword(), properties);
    }

    /** A pool over the database at {@code url} as {@code username} with {@code password}. */
    public static HikariDataSource pooled(String url, String username, String password, DatabaseProperties properties) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(username);
        pool.setPassword(password);
        pool.setMaximumPoolSize(properties.maxPoolSize());
        // PgJDBC's bound on waiting for an answer (its default is none), as the text it reads; a
        // socketTimeout in the URL wins, as PgJDBC reads the URL's parameters over these.
        pool.addDataSourceProperty("socketTimeout", String.valueOf(properties.socketTimeoutSeconds()));
        pool.setPoolName("crawlyard");
        return pool;
    }
}
