package dev.crawlyard.store.tokens;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.crawlyard.store.TestDatabase;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * V7 gives tokens roles: tokens made before it could do everything, so they become admin, on a
 * database of its own migrated to V6 first, as a platform upgraded from that version would be.
 */
class TokenRolesMigrationTest {

    @Test
    void tokensMadeBeforeRolesBecomeAdminAndNewOnesMustNameARole() {
        String name = "migration_" + UUID.randomUUID().toString().replace("-", "");
        JdbcClient admin = TestDatabase.shared().jdbcClient();
        admin.sql("CREATE DATABASE " + name).update();
        try {
            PGSimpleDataSource dataSource = new PGSimpleDataSource();
            dataSource.setURL("jdbc:postgresql://127.0.0.1:" + TestDatabase.shared().port() + "/" + name);
            dataSource.setUser("postgres");
            Flyway.configure().dataSource(dataSource).target("6").load().migrate();
            JdbcClient jdbc = JdbcClient.create(dataSource);
            String secret = TokenStore.newToken();
            jdbc.sql("INSERT INTO api_tokens (name, token_hash) VALUES ('old', :hash)")
                    .param("hash", TokenStore.hash(secret)).update();

            Flyway.configure().dataSource(dataSource).load().migrate();

            TokenStore tokens = new TokenStore(jdbc, new JdbcTemplate(dataSource));
            ApiToken old = tokens.authenticate(secret).orElseThrow();
            assertThat(old.role()).isEqualTo(TokenRole.ADMIN);
            assertThat(old.expiresAt()).isNull();
            assertThat(old.lastUsedAt()).isNull();
            assertThatThrownBy(() -> jdbc.sql("INSERT INTO api_tokens (name, token_hash) VALUES ('no-role', 'x')").update())
                    .isInstanceOf(DataIntegrityViolationException.class);
            assertThatThrownBy(() -> jdbc.sql("INSERT INTO api_tokens (name, token_hash, role) VALUES ('bad', 'y', 'root')")
                    .update()).isInstanceOf(DataIntegrityViolationException.class);
        } finally {
            admin.sql("DROP DATABASE " + name + " WITH (FORCE)").update();
        }
    }
}
