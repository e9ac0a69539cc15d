package dev.crawlyard.api.auth;

import java.util.Collection;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;

/** A request's bearer token: first its secret as sent, then, once checked, the {@link Caller} it stands for. */
final class BearerToken extends AbstractAuthenticationToken {

    private final Caller caller;
    private String secret;

    private BearerToken(String secret, Caller caller, Collection<? extends GrantedAuthority> authorities) {
        super(authorities);
        this.secret = secret;
        this.caller = caller;
        super.setAuthenticated(caller != null);
    }

    /** The secret as the request sent it, not yet checked. */
    static BearerToken unchecked(String secret) {
        return new BearerToken(secret, null, List.of());
    }

    /** A checked token: who it is, and what it may do. */
    static BearerToken checked(Caller caller, Collection<? extends GrantedAuthority> authorities) {
        return new BearerToken(null, caller, authorities);
    }

    @Override
    public Object getCredentials() {
        return secret;
    }

    @Override
    public Object getPrincipal() {
        return caller;
    }

    @Override
    public void setAuthenticated(boolean authenticated) {
        throw new UnsupportedOperationException("a bearer token is checked by TokenAuthenticationProvider only");
    }

    @Override
    public void eraseCredentials() {
        super.eraseCredentials();
        secret = null;
    }
}
