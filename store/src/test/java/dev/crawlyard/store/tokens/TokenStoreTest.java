package dev.crawlyard.store.tokens;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.store.TestDatabase;
import org.junit.jupiter.api.Test;

class TokenStoreTest {

    private final TestDatabase database = TestDatabase.shared();
    private final TokenStore tokens = new TokenStore(database.jdbcClient(), database.jdbcTemplate());

    @Test
    void aTokenAuthenticatesUntilRevokedAndOnlyItsHashIsStored() {
        String token = tokens.create("ci-" + System.nanoTime());
        String name = tokens.authenticate(token).orElseThrow();

        long plainCopies = database.jdbcClient().sql("SELECT count(*) FROM api_tokens WHERE token_hash = :t")
                .param("t", token).query(Long.class).single();
        assertThat(plainCopies).isZero();

        tokens.revoke(name);
        assertThat(tokens.authenticate(token)).isEmpty();
    }

    @Test
    void unknownAndMalformedTokensAreRefused() {
        assertThat(tokens.authenticate("cy_not-a-real-token")).isEmpty();
        assertThat(tokens.authenticate("admin")).isEmpty();
        assertThat(tokens.authenticate(null)).isEmpty();
    }

    @Test
    void theFirstTokenIsMadeOnlyWhenThereIsNoneAtAll() {
        tokens.create("someone-" + System.nanoTime());

        assertThat(tokens.createFirst("admin")).isEmpty();
    }
}
