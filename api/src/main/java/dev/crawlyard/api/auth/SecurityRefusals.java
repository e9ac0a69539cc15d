package dev.crawlyard.api.auth;

import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.store.tokens.TokenRole;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Spring Security's refusals, answered with the API's error body: 401 for a missing or bad token,
 * 403 for a token whose role does not allow the call, 400 for a request the firewall rejected.
 */
@Component
class SecurityRefusals implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private static final Logger log = LoggerFactory.getLogger(SecurityRefusals.class);

    static final String NEEDS_TOKEN = "this endpoint needs a token: send the header 'Authorization: Bearer <token>'";

    private final JsonMapper json;

    SecurityRefusals(JsonMapper json) {
        this.json = json;
    }

    /** 401: no token (the request was anonymous), or one that is not a live token. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        boolean anonymous = !(e instanceof BadCredentialsException);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                anonymous ? "Bearer realm=\"crawlyard\"" : "Bearer realm=\"crawlyard\", error=\"invalid_token\"");
        write(request, response, HttpStatus.UNAUTHORIZED, anonymous ? NEEDS_TOKEN : e.getMessage());
    }

    /** 403: a live token whose role does not allow this call. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Object caller = authentication == null ? null : authentication.getPrincipal();
        String message = e instanceof CsrfException ? "a write made with the console's session needs its CSRF token:"
                + " send the XSRF-TOKEN cookie's value in the X-XSRF-TOKEN header (the console does; reload it)"
                : !request.getRequestURI().startsWith("/api/") ? "nothing is served outside /api but the console"
                : switch (caller) {
                    case Caller.TaskSpider task -> "a task token opens only its own task's POST"
                            + " /api/v1/monitoring/heartbeat and /api/v1/monitoring/completion (and a crawler"
                            + " task's /api/v1/crawl/ calls)";
                    case Caller.TokenHolder holder when holder.role() == TokenRole.VIEWER ->
                            "a viewer token may only read (GET); this needs an operator or admin token";
                    case Caller.TokenHolder holder when request.getRequestURI().startsWith("/api/v1/crawl/") ->
                            "the crawl calls take a crawler task's own token (CRAWLYARD_TASK_TOKEN), not an API token";
                    case Caller.TokenHolder holder when holder.role() == TokenRole.OPERATOR
                            && request.getRequestURI().startsWith("/api/tokens") -> "only an admin token may manage tokens";
                    case null, default -> "this token's role does not allow this request";
                };
        write(request, response, HttpStatus.FORBIDDEN, message);
    }

    /** 400: the firewall refused the request, usually a path spelled in a way that could mean two things. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        log.debug("refused {} {}: {}", request.getMethod(), request.getRequestURI(), e.getMessage());
        write(request, response, HttpStatus.BAD_REQUEST, "the request was refused: " + e.getMessage() + " "
                + ApiError.PLAIN_PATH);
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String message)
            throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setHeader("X-Content-Type-Options", "nosniff");
        json.writeValue(response.getOutputStream(), new ApiError(status.value(), status.getReasonPhrase(), message,
                request.getRequestURI(), List.of(), Instant.now()));
    }
}
