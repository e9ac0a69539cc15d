package dev.crawlyard.store.config;

import java.nio.file.Path;
import java.time.Duration;
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
 * @param socketTimeout how long a statement waits for the database's answer before it fails (whole
 *                 seconds, rounded up; zero: for ever). A database host that vanishes without closing
 *                 its connections (a power cut, a moved address) answers nothing, and without this
 *                 bound every thread in a call to it would wait for ever: a node's steps, heartbeating
 *                 meanwhile, would hold their tasks for ever too
 */
@ConfigurationProperties("crawlyard.db")
public record DatabaseProperties(String url, String username, String password, Integer maxPoolSize,
        Path passwordFile, Duration socketTimeout) {

    /** The default {@link #socketTimeout}: far beyond any statement of the platform's, migrations included. */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofMinutes(10);

    /** Where a standalone platform's embedded PostgreSQL listens unless told otherwise. */
    public static final String STANDALONE_URL = "jdbc:postgresql://127.0.0.1:54329/postgres";

    public DatabaseProperties {
        url = url == null ? "" : url.trim();
        username = username == null || username.isBlank() ? "postgres" : username;
        password = password == null ? "" : password;
        maxPoolSize = maxPoolSize == null ? 10 : maxPoolSize;
        passwordFile = passwordFile == null || passwordFile.toString().isBlank()
                ? Path.of(System.getProperty("user.home"), ".crawlyard", "postgres.password") : passwordFile;
        socketTimeout = socketTimeout == null ? DEFAULT_SOCKET_TIMEOUT : socketTimeout;
        if (socketTimeout.isNegative()) {
            throw new IllegalArgumentException("crawlyard.db.socket-timeout must not be negative: " + socketTimeout);
        }
    }

    /** The {@link #socketTimeout} in the driver's unit, whole seconds: a part of a second counts as one. */
    public int socketTimeoutSeconds() {
        long seconds = socketTimeout.toSeconds() + (socketTimeout.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /** The password to connect with: the one set, else the password file's, else none. */
    public String effectivePassword() {
        if (!password.isEmpty()) {
            return password;
        }
        return SecretFiles.readIfPresent(passwordFile).orElse("");
    }
}
