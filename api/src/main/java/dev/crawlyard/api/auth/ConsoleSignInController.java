package dev.crawlyard.api.auth;

import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.api.errors.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /console/sign-in}: the console's sign-in with an API token. The token is checked as a
 * bearer token is; a good one starts a session under a new id (no session fixation) that holds who
 * signed in, never the token. It needs the CSRF token like every other write of the console.
 */
@RestController
class ConsoleSignInController {

    /** The sign-in form: the token, as {@code POST /api/tokens} showed it. */
    record SignInRequest(String token) {
    }

    private final TokenAuthenticationProvider tokens;
    private final ConsoleSessions sessions;

    ConsoleSignInController(TokenAuthenticationProvider tokens, ConsoleSessions sessions) {
        this.tokens = tokens;
        this.sessions = sessions;
    }

    @PostMapping("/console/sign-in")
    ResponseEntity<Void> signIn(@RequestBody SignInRequest body, HttpServletRequest request, HttpServletResponse response) {
        if (body.token() == null || body.token().isBlank() || body.token().length() > 200) {
            throw ApiException.invalid(List.of(new ApiError.FieldError("token", "required: an API token, as made by POST /api/tokens")));
        }
        Authentication signedIn;
        try {
            signedIn = tokens.authenticate(BearerToken.unchecked(body.token().trim()));
        } catch (BadCredentialsException e) {
            throw new ApiException(HttpStatus.UNAUTHORIZED, "that token is unknown, revoked or expired", List.of());
        }
        if (!(signedIn.getPrincipal() instanceof Caller.TokenHolder)) {
            throw new ApiException(HttpStatus.FORBIDDEN, "a task's token cannot sign in to the console", List.of());
        }
        request.getSession(true);
        request.changeSessionId();
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(signedIn);
        SecurityContextHolder.setContext(context);
        sessions.repository.saveContext(context, request, response);
        return ResponseEntity.noContent().build();
    }
}
