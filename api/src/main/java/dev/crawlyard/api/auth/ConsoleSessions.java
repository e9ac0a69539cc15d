package dev.crawlyard.api.auth;

import dev.crawlyard.store.tokens.TokenStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The console's sessions: a signed-in token's {@link Caller} kept in the HTTP session, so that the
 * browser holds a cookie (HttpOnly, SameSite=Strict) rather than the token. A session is only as
 * good as its token: every request it makes checks the token again, as a bearer request does, and
 * a revoked or expired token ends the session then and there.
 */
@Component
class ConsoleSessions {

    /** Where a session keeps its sign-in; shared by the console's chain (which writes it) and the API's (which reads it). */
    final HttpSessionSecurityContextRepository repository = new HttpSessionSecurityContextRepository();

    private final TokenStore tokens;

    ConsoleSessions(TokenStore tokens) {
        this.tokens = tokens;
    }

    /**
     * The check of a session's token, for the API's filter chain. Not a bean: a filter bean would also
     * be registered with the servlet container, outside the security chain.
     */
    OncePerRequestFilter tokenCheck() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                check(request);
                chain.doFilter(request, response);
            }
        };
    }

    private void check(HttpServletRequest request) {
        Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null && signedIn != null
                && signedIn.getPrincipal() instanceof Caller.TokenHolder holder
                && tokens.find(holder.tokenId()).filter(token -> token.isLive(Instant.now())).isEmpty()) {
            SecurityContextHolder.clearContext();
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
    }
}
