package dev.crawlyard.store.tokens;

/**
 * A token just made: its row, and its secret in plain text, which exists only in this answer.
 *
 * @param token  the stored token
 * @param secret the secret to send as {@code Authorization: Bearer <secret>}
 */
public record IssuedToken(ApiToken token, String secret) {
}
