package dev.crawlyard.store.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class TokenStoreTest {

    private final TestDatabase database = TestDatabase.shared();
    private final TokenStore tokens = new TokenStore(database.jdbcClient(), database.jdbcTemplate());

    @Test
    void aTokenAuthenticatesWithItsRoleUntilRevokedAndOnlyItsHashIsStored() {
        IssuedToken issued = tokens.create("ci-" + System.nanoTime(), TokenRole.OPERATOR, null);
        ApiToken token = tokens.authenticate(issued.secret()).orElseThrow();

        assertThat(token.role()).isEqualTo(TokenRole.OPERATOR);
        assertThat(token.id()).isEqualTo(issued.token().id());
        long plainCopies = database.jdbcClient().sql("SELECT count(*) FROM api_tokens WHERE token_hash = :t OR name = :t")
                .param("t", issued.secret()).query(Long.class).single();
        assertThat(plainCopies).isZero();

        assertThat(tokens.revoke(token.id())).isEqualTo(Revocation.REVOKED);
        assertThat(tokens.authenticate(issued.secret())).isEmpty();
        assertThat(tokens.revoke(token.id())).isEqualTo(Revocation.ALREADY_REVOKED);
        assertThat(tokens.find(token.id()).orElseThrow().revokedAt()).isNotNull();
    }

    @Test
    void anExpiredTokenIsRefused() {
        IssuedToken live = tokens.create("expiring-" + System.nanoTime(), TokenRole.VIEWER,
                Instant.now().plus(1, ChronoUnit.HOURS));
        assertThat(tokens.authenticate(live.secret())).isPresent();

        database.jdbcClient().sql("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = :id")
                .param("id", live.token().id()).update();

        assertThat(tokens.authenticate(live.secret())).isEmpty();
    }

    @Test
    void unknownAndMalformedTokensAreRefused() {
        assertThat(tokens.authenticate("cy_not-a-real-token")).isEmpty();
        assertThat(tokens.authenticate("admin")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
        assertThat(tokens.revoke(Long.MAX_VALUE)).isEqualTo(Revocation.NOT_FOUND);
    }

    @Test
    void theFirstTokenIsMadeOnlyWhenThereIsNoneAtAll() {
        tokens.create("someone-" + System.nanoTime(), TokenRole.VIEWER, null);

        assertThat(tokens.createFirst("admin")).isEmpty();
    }

    @Test
    void theLastUseIsWrittenAtMostOncePerPrecisionInterval() {
        IssuedToken issued = tokens.create("used-" + System.nanoTime(), TokenRole.VIEWER, null);
        assertThat(issued.token().lastUsedAt()).isNull();

        tokens.recordUse(issued.token().id());
        Instant first = tokens.find(issued.token().id()).orElseThrow().lastUsedAt();
        tokens.recordUse(issued.token().id());
        Instant second = tokens.find(issued.token().id()).orElseThrow().lastUsedAt();
        database.jdbcClient().sql("UPDATE api_tokens SET last_used_at = now() - interval '61 seconds' WHERE id = :id")
                .param("id", issued.token().id()).update();
        Instant backdated = tokens.find(issued.token().id()).orElseThrow().lastUsedAt();
        tokens.recordUse(issued.token().id());
        Instant third = tokens.find(issued.token().id()).orElseThrow().lastUsedAt();

        assertThat(first).isNotNull();
        assertThat(second).isEqualTo(first);
        assertThat(third).isAfter(backdated);
    }

    @Test
    void theLastLiveAdminTokenCannotBeRevoked() {
        // This class is the only user of api_tokens in this module's shared database.
        database.jdbcClient().sql("UPDATE api_tokens SET revoked_at = now() WHERE role = 'admin' AND revoked_at IS NULL")
                .update();
        IssuedToken only = tokens.create("only-admin-" + System.nanoTime(), TokenRole.ADMIN, null);
        IssuedToken expired = tokens.create("expired-admin-" + System.nanoTime(), TokenRole.ADMIN,
                Instant.now().plus(1, ChronoUnit.HOURS));
        database.jdbcClient().sql("UPDATE api_tokens SET expires_at = now() - interval '1 second' WHERE id = :id")
                .param("id", expired.token().id()).update();

        assertThat(tokens.revoke(only.token().id())).isEqualTo(Revocation.LAST_ADMIN);
        assertThat(tokens.authenticate(only.secret())).isPresent();
        assertThat(tokens.revoke(expired.token().id())).isEqualTo(Revocation.REVOKED);

        IssuedToken second = tokens.create("second-admin-" + System.nanoTime(), TokenRole.ADMIN, null);
        assertThat(tokens.revoke(only.token().id())).isEqualTo(Revocation.REVOKED);
        assertThat(tokens.revoke(second.token().id())).isEqualTo(Revocation.LAST_ADMIN);
    }

    @Test
    void theListPagesNewestFirstAndFiltersByRole() {
        IssuedToken older = tokens.create("list-a-" + System.nanoTime(), TokenRole.VIEWER, null);
        IssuedToken newer = tokens.create("list-b-" + System.nanoTime(), TokenRole.VIEWER, null);

        var page = tokens.list(TokenRole.VIEWER, 0, 2);

        assertThat(page.items()).extracting(ApiToken::id).containsExactly(newer.token().id(), older.token().id());
        assertThat(page.items()).allSatisfy(t -> assertThat(t.role()).isEqualTo(TokenRole.VIEWER));
        assertThat(page.total()).isGreaterThanOrEqualTo(2);
        assertThat(tokens.list(null, 0, 1000).total()).isGreaterThan(page.total() - 1);
    }
}
