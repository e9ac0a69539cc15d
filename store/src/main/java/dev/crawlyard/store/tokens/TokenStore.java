package dev.crawlyard.store.tokens;

import dev.crawlyard.store.Page;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The {@code api_tokens} table. A token's secret is shown once when it is made; only its SHA-256 is
 * kept. Every check reads the row, so a revoked or expired token is refused from the next request on.
 */
public class TokenStore {

    /** Every token starts with this, so that a leaked one is easy to search for. */
    public static final String PREFIX = "cy_";

    /** A token's last use is written at most this often, so that using a token costs no write per request. */
    public static final Duration LAST_USED_PRECISION = Duration.ofMinutes(1);

    /** The advisory lock that makes "the first token" and "the last admin token" decisions one at a time. */
    private static final long TOKENS_LOCK = 7421001;

    private static final String LIVE = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public TokenStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Makes a new token; {@code expiresAt} null for one that does not expire. */
    public IssuedToken create(String name, TokenRole role, Instant expiresAt) {
        String secret = newToken();
        ApiToken token = jdbc.sql("""
                        INSERT INTO api_tokens (name, token_hash, role, expires_at) VALUES (:name, :hash, :role, :expires)
                        RETURNING *""")
                .param("name", name)
                .param("hash", hash(secret))
                .param("role", role.wireName())
                .param("expires", expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC))
                .query(TokenStore::map)
                .single();
        return new IssuedToken(token, secret);
    }

    /**
     * Makes the first token, an admin one, if there is no token at all, and returns its secret;
     * returns empty if any token exists. The check and the insert run in one transaction under an
     * advisory lock, so two API replicas starting together make one token.
     */
    public Optional<String> createFirst(String name) {
        String secret = newToken();
        boolean created = inLockedTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("""
                    INSERT INTO api_tokens (name, token_hash, role) SELECT ?, ?, 'admin'
                    WHERE NOT EXISTS (SELECT 1 FROM api_tokens)""")) {
                insert.setString(1, name);
                insert.setString(2, hash(secret));
                return insert.executeUpdate() == 1;
            }
        });
        return created ? Optional.of(secret) : Optional.empty();
    }

    /** The live token with this secret, or empty if it is unknown, revoked or expired. */
    public Optional<ApiToken> authenticate(String secret) {
        if (secret == null || !secret.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM api_tokens WHERE token_hash = :hash AND " + LIVE)
                .param("hash", hash(secret))
                .query(TokenStore::map)
                .optional();
    }

    /**
     * Records that the token was just used, unless its last use on record is more recent than
     * {@link #LAST_USED_PRECISION}. Callers skip the call when the row they read is recent enough.
     */
    public void recordUse(long id) {
        jdbc.sql("""
                        UPDATE api_tokens SET last_used_at = now()
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < now() - make_interval(secs => :secs))""")
                .param("id", id)
                .param("secs", LAST_USED_PRECISION.toSeconds())
                .update();
    }

    public Optional<ApiToken> find(long id) {
        return jdbc.sql("SELECT * FROM api_tokens WHERE id = :id").param("id", id).query(TokenStore::map).optional();
    }

    /** The tokens, newest first; {@code role} null for all of them. */
    public Page<ApiToken> list(TokenRole role, int page, int size) {
        String where = role == null ? "" : " WHERE role = :role";
        String roleName = role == null ? null : role.wireName();
        var rows = jdbc.sql("SELECT * FROM api_tokens" + where + " ORDER BY id DESC LIMIT :limit OFFSET :offset")
                .param("limit", size)
                .param("offset", (long) page * size);
        var count = jdbc.sql("SELECT count(*) FROM api_tokens" + where);
        if (roleName != null) {
            rows = rows.param("role", roleName);
            count = count.param("role", roleName);
        }
        return new Page<>(rows.query(TokenStore::map).list(), page, size, count.query(Long.class).single());
    }

    /**
     * Revokes a token. The last live admin token cannot be revoked (nobody could make or revoke
     * tokens after it); the check and the revocation run under the tokens' advisory lock, so two
     * admins revoking each other's token at once cannot both succeed.
     */
    public Revocation revoke(long id) {
        return inLockedTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("""
                    UPDATE api_tokens t SET revoked_at = now()
                    WHERE t.id = ? AND t.revoked_at IS NULL
                      AND (t.role <> 'admin' OR (t.expires_at IS NOT NULL AND t.expires_at <= now())
                           OR EXISTS (SELECT 1 FROM api_tokens o WHERE o.id <> t.id AND o.role = 'admin'
                                      AND o.revoked_at IS NULL AND (o.expires_at IS NULL OR o.expires_at > now())))""")) {
                update.setLong(1, id);
                if (update.executeUpdate() == 1) {
                    return Revocation.REVOKED;
                }
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT revoked_at IS NOT NULL FROM api_tokens WHERE id = ?")) {
                select.setLong(1, id);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Revocation.NOT_FOUND;
                    }
                    return rs.getBoolean(1) ? Revocation.ALREADY_REVOKED : Revocation.LAST_ADMIN;
                }
            }
        });
    }

    /** A new random token with the prefix. */
    public static String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The SHA-256 of a token, as stored. */
    public static String hash(String token) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private <T> T inLockedTransaction(ConnectionCallback<T> work) {
        return template.execute((Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("SELECT pg_advisory_xact_lock(" + TOKENS_LOCK + ")");
                T result = work.doInConnection(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
    }

    private static ApiToken map(ResultSet rs, int row) throws SQLException {
        return new ApiToken(rs.getLong("id"), rs.getString("name"), TokenRole.fromWireName(rs.getString("role")),
                instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "expires_at"),
                instant(rs, "revoked_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
