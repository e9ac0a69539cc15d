package dev.crawlyard.store.config;

import java.nio.file.Path;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.convert.DurationUnit;

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
 * @param socketTimeout how long a call waits for the database's answer before it fails (whole
 *                 seconds, rounded up; a bare number is seconds, as in PgJDBC; zero: for ever; at most
 *                 {@link #MAX_SOCKET_TIMEOUT}, as PgJDBC counts it in milliseconds in an int). A database
 *                 host that vanishes without closing its connections (a power cut, a moved address)
 *                 answers nothing, and without this bound every thread reading from it would wait for
 *                 ever: a node's steps, heartbeating meanwhile, would hold their tasks for ever too. It
 *                 ends the client's wait only: a statement the server got goes on there, and commits
 *                 if it can
 */
@ConfigurationProperties("crawlyard.db")
public record DatabaseProperties(String url, String username, String password, Integer maxPoolSize,
        Path passwordFile, @DurationUnit(ChronoUnit.SECONDS) Duration socketTimeout) {

    /**
     * The default {@link #socketTimeout}: far beyond the platform's statements at the data sizes it is
     * measured at; a migration rewriting a very large table may need more.
     */
    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofMinutes(10);

    /** The longest {@link #socketTimeout}: PgJDBC sets it on the socket as milliseconds in an int. */
    public static final Duration MAX_SOCKET_TIMEOUT = Duration.ofSeconds(Integer.MAX_VALUE / 1000);

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
        if (socketTimeout.isNegative() || socketTimeout.compareTo(MAX_SOCKET_TIMEOUT) > 0) {
            throw new IllegalArgumentException("crawlyard.db.socket-timeout must be between 0 (for ever) and "
                    + MAX_SOCKET_TIMEOUT.toSeconds() + " s: " + socketTimeout);
        }
    }

    /**
     * The {@link #socketTimeout} in the driver's unit, whole seconds: a part of a second counts as one
     * (never past {@link #MAX_SOCKET_TIMEOUT}, itself whole seconds, as the constructor refuses more).
     */
    public int socketTimeoutSeconds() {
        return Math.toIntExact(socketTimeout.toSeconds() + (socketTimeout.toNanosPart() > 0 ? 1 : 0));
    }

    /** The password to connect with: the one set, else the password file's, else none. */
    public String effectivePassword() {
        if (!password.isEmpty()) {
            return password;
        }
        return SecretFiles.readIfPresent(passwordFile).orElse("");
    }
}
