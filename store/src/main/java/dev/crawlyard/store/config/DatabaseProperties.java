package dev.crawlyard.store.config;

import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where PostgreSQL is ({@code crawlyard.db.*}).
 *
 * @param url      a JDBC URL; blank in the api means "start an embedded one", and in a worker means
 *                 the standalone platform's default embedded database
 * @param username the database user
 * @param password the database password; blank means the one in {@code password-file}, if that file exists
 * @param maxPoolSize the most connections this process opens
 * @param passwordFile a file whose first line is the password, read when no password is set; the default
 *                 is where a standalone platform on this machine keeps its embedded PostgreSQL's password
 */
@ConfigurationProperties("crawlyard.db")
public record DatabaseProperties(String url, String username, String password, Integer maxPoolSize,
        Path passwordFile) {

    /** Where a standalone platform's embedded PostgreSQL listens unless told otherwise. */
    public static final String STANDALONE_URL = "jdbc:postgresql://127.0.0.1:54329/postgres";

    public DatabaseProperties {
        url = url == null ? "" : url.trim();
        username = username == null || username.isBlank() ? "postgres" : username;
        password = password == null ? "" : password;
        maxPoolSize = maxPoolSize == null ? 10 : maxPoolSize;
        passwordFile = passwordFile == null || passwordFile.toString().isBlank()
                ? Path.of(System.getProperty("user.home"), ".crawlyard", "postgres.password") : passwordFile;
    }

    /** The password to connect with: the one set, else the password file's, else none. */
    public String effectivePassword() {
        if (!password.isEmpty()) {
            return password;
        }
        return SecretFiles.readIfPresent(passwordFile).orElse("");
    }
}
