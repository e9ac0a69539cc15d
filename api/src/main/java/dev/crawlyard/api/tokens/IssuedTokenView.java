package dev.crawlyard.api.tokens;

import dev.crawlyard.store.tokens.IssuedToken;
import java.time.Instant;

/** The answer to making a token: the only time its secret ({@code token}) is shown. */
record IssuedTokenView(long id, String name, String role, Instant createdAt, Instant expiresAt, String token) {

    static IssuedTokenView of(IssuedToken issued) {
        return new IssuedTokenView(issued.token().id(), issued.token().name(), issued.token().role().wireName(),
                issued.token().createdAt(), issued.token().expiresAt(), issued.secret());
    }
}
