package dev.crawlyard.api.tokens;

import java.time.Instant;

/**
 * {@code POST /api/tokens}.
 *
 * @param name             what the token is for, 1 to 100 characters
 * @param role             {@code admin}, {@code operator} or {@code viewer}
 * @param expiresAt        when it stops working; or
 * @param expiresInSeconds how long it works from now; neither for a token that does not expire
 */
record CreateTokenRequest(String name, String role, Instant expiresAt, Long expiresInSeconds) {
}
