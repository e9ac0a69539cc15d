package dev.crawlyard.store.tokens;

import java.time.Instant;

/**
 * An API token as stored: everything but its secret, which is never kept (only its SHA-256).
 *
 * @param id         its id
 * @param name       what its owner called it
 * @param role       what it may do
 * @param createdAt  when it was made
 * @param lastUsedAt when it last authenticated a request, to within {@link TokenStore#LAST_USED_PRECISION}; null if never
 * @param expiresAt  when it stops working; null if never
 * @param revokedAt  when it was revoked; null if it was not
 */
public record ApiToken(long id, String name, TokenRole role, Instant createdAt, Instant lastUsedAt, Instant expiresAt,
        Instant revokedAt) {

    /** Whether it authenticates requests at {@code now}: neither revoked nor expired. */
    public boolean isLive(Instant now) {
        return revokedAt == null && (expiresAt == null || expiresAt.isAfter(now));
    }
}
