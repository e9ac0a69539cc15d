package dev.crawlyard.api.auth;

import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.store.tokens.ApiToken;
import dev.crawlyard.store.tokens.TokenStore;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.stereotype.Component;

/**
 * Checks a bearer token against the database on every request (no cache, so that a revoked or
 * expired token is refused from the next request on): an API token gets its role, a task's token
 * the {@code TASK} role, which opens only that task's monitoring calls.
 */
@Component
class TokenAuthenticationProvider implements AuthenticationProvider {

    /** The role of a task's own token. */
    static final String TASK_ROLE = "TASK";

    private final TokenStore tokens;
    private final TaskStore tasks;

    TokenAuthenticationProvider(TokenStore tokens, TaskStore tasks) {
        this.tokens = tokens;
        this.tasks = tasks;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String secret = (String) authentication.getCredentials();
        Optional<ApiToken> token = tokens.authenticate(secret);
        if (token.isPresent()) {
            ApiToken found = token.get();
            recordUse(found);
            return BearerToken.checked(new Caller.TokenHolder(found.id(), found.name(), found.role()),
                    List.of(new SimpleGrantedAuthority("ROLE_" + found.role().name())));
        }
        Optional<Long> task = tasks.findByTaskToken(secret).map(t -> t.id());
        if (task.isPresent()) {
            return BearerToken.checked(new Caller.TaskSpider(task.get()),
                    List.of(new SimpleGrantedAuthority("ROLE_" + TASK_ROLE)));
        }
        throw new BadCredentialsException("the bearer token is unknown, revoked or expired");
    }

    /** Writes the last use only when the one on record is older than its precision: most requests write nothing. */
    private void recordUse(ApiToken token) {
        if (token.lastUsedAt() == null || token.lastUsedAt().isBefore(Instant.now().minus(TokenStore.LAST_USED_PRECISION))) {
            tokens.recordUse(token.id());
        }
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return BearerToken.class.isAssignableFrom(authentication);
    }
}
