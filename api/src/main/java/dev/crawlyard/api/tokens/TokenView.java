package dev.crawlyard.api.tokens;

import dev.crawlyard.store.tokens.ApiToken;
import java.time.Instant;

/** A token as the API shows it: never its secret, nor the secret's hash. */
record TokenView(long id, String name, String role, String status, Instant createdAt, Instant lastUsedAt,
        Instant expiresAt, Instant revokedAt) {

    static TokenView of(ApiToken token, Instant now) {
        String status = token.revokedAt() != null ? "revoked" : token.isLive(now) ? "active" : "expired";
        return new TokenView(token.id(), token.name(), token.role().wireName(), status, token.createdAt(),
                token.lastUsedAt(), token.expiresAt(), token.revokedAt());
    }
}
