package dev.crawlyard.store.tokens;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The {@code api_tokens} table. Tokens are shown once when made; only their SHA-256 is kept. */
public class TokenStore {

    /** Every token starts with this, so that a leaked one is easy to search for. */
    public static final String PREFIX = "cy_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public TokenStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** Makes a new token and returns it in plain text; it cannot be read back later. */
    public String create(String name) {
        String token = newToken();
        jdbc.sql("INSERT INTO api_tokens (name, token_hash) VALUES (:name, :hash)")
                .param("name", name)
                .param("hash", hash(token))
                .update();
        return token;
    }

    /**
     * Makes the first token if there is no token at all, and returns it; returns empty if any
     * token exists. The check and the insert run in one transaction under an advisory lock, so
     * two API replicas starting together make one token.
     */
    public Optional<String> createFirst(String name) {
        String token = newToken();
        Boolean created = template.execute((Connection connection) -> {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement();
                    PreparedStatement insert = connection.prepareStatement("""
                            INSERT INTO api_tokens (name, token_hash) SELECT ?, ?
                            WHERE NOT EXISTS (SELECT 1 FROM api_tokens)""")) {
                lock.execute("SELECT pg_advisory_xact_lock(7421001)");
                insert.setString(1, name);
                insert.setString(2, hash(token));
                boolean inserted = insert.executeUpdate() == 1;
                connection.commit();
                return inserted;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        });
        return Boolean.TRUE.equals(created) ? Optional.of(token) : Optional.empty();
    }

    /** The name of the live token, or empty if the token is unknown or revoked. */
    public Optional<String> authenticate(String token) {
        if (token == null || !token.startsWith(PREFIX)) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT name FROM api_tokens WHERE token_hash = :hash AND revoked_at IS NULL")
                .param("hash", hash(token))
                .query(String.class)
                .optional();
    }

    /** Revokes every token with this name. */
    public int revoke(String name) {
        return jdbc.sql("UPDATE api_tokens SET revoked_at = now() WHERE name = :name AND revoked_at IS NULL")
                .param("name", name)
                .update();
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
}
