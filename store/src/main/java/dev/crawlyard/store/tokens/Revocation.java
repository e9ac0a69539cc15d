package dev.crawlyard.store.tokens;

/** How a request to revoke a token ended. */
public enum Revocation {
    /** The token is revoked now. */
    REVOKED,
    /** The token had been revoked before; nothing changed. */
    ALREADY_REVOKED,
    /** There is no token with that id. */
    NOT_FOUND,
    /** The token is the last live admin token; revoking it would leave nobody able to manage tokens. */
    LAST_ADMIN
}
