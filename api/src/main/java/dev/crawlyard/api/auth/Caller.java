package dev.crawlyard.api.auth;

import dev.crawlyard.store.tokens.TokenRole;
import org.springframework.security.core.AuthenticatedPrincipal;

/** Who made a request, as its bearer token says: an API token's holder, or a spider with its task's token. */
public sealed interface Caller extends AuthenticatedPrincipal {

    /**
     * The holder of an API token.
     *
     * @param tokenId the token's id
     * @param name    the token's name
     * @param role    what it may do
     */
    record TokenHolder(long tokenId, String name, TokenRole role) implements Caller {

        @Override
        public String getName() {
            return "token " + tokenId + " (" + name + ", " + role.wireName() + ")";
        }
    }

    /**
     * A spider calling with the token its runner gave its task.
     *
     * @param taskId the task the token belongs to
     */
    record TaskSpider(long taskId) implements Caller {

        @Override
        public String getName() {
            return "task " + taskId;
        }
    }
}
