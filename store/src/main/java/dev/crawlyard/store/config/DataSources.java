package dev.crawlyard.store.config;

import com.zaxxer.hikari.HikariDataSource;

/** Connection pools. */
public final class DataSources {

    private DataSources() {
    }

    /** A pool over the database at {@code url}. */
    public static HikariDataSource pooled(String url, DatabaseProperties properties) {
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(url);
        pool.setUsername(properties.username());
        pool.setPassword(properties.password());
        pool.setMaximumPoolSize(properties.maxPoolSize());
        pool.setPoolName("crawlyard");
        return pool;
    }
}
