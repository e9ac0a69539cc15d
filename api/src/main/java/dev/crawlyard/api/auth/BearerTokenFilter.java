package dev.crawlyard.api.auth;

import dev.crawlyard.api.errors.ApiError;
import dev.crawlyard.store.tasks.TaskStore;
import dev.crawlyard.store.tokens.TokenStore;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a request under {@code /api} through only with a live API token, or, for the monitoring
 * calls, the calling spider's task token; health and its probes are open.
 */
@Component
class BearerTokenFilter extends OncePerRequestFilter {

    private static final String PREFIX = "Bearer ";
    private static final String MONITORING = "/api/v1/monitoring/";

    private final TokenStore tokens;
    private final TaskStore tasks;
    private final JsonMapper json;

    BearerTokenFilter(TokenStore tokens, TaskStore tasks, JsonMapper json) {
        this.tokens = tokens;
        this.tasks = tasks;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = path(request);
        return !(path.equals("/api") || path.startsWith("/api/")) || path.equals("/api/health")
                || path.startsWith("/api/health/");
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            refuse(request, response, "this endpoint needs a token: send the header 'Authorization: Bearer <token>'");
            return;
        }
        String token = header.substring(PREFIX.length()).trim();
        Optional<String> name = tokens.authenticate(token);
        if (name.isPresent()) {
            request.setAttribute(RequestAttributes.TOKEN_NAME, name.get());
            chain.doFilter(request, response);
            return;
        }
        // A spider's own task token opens the monitoring calls, and nothing else.
        if (path(request).startsWith(MONITORING)) {
            Optional<Long> task = tasks.findByTaskToken(token).map(t -> t.id());
            if (task.isPresent()) {
                request.setAttribute(RequestAttributes.TASK_ID, task.get());
                chain.doFilter(request, response);
                return;
            }
        }
        refuse(request, response, "the bearer token is unknown or revoked");
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, String message) throws IOException {
        HttpStatus status = HttpStatus.UNAUTHORIZED;
        response.setStatus(status.value());
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"crawlyard\"");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), new ApiError(status.value(), status.getReasonPhrase(), message,
                request.getRequestURI(), List.of(), Instant.now()));
    }
}
