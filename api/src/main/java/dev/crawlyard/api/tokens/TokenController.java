package dev.crawlyard.api.tokens;

import dev.crawlyard.api.Paging;
import dev.crawlyard.api.auth.Caller;
import dev.crawlyard.api.errors.ApiException;
import dev.crawlyard.api.errors.FieldErrors;
import dev.crawlyard.store.Page;
import dev.crawlyard.store.tokens.ApiToken;
import dev.crawlyard.store.tokens.IssuedToken;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /api/tokens}: make, list and revoke API tokens (admin tokens only, see {@code SecurityConfiguration}). */
@RestController
@RequestMapping("/api/tokens")
class TokenController {

    private static final Logger log = LoggerFactory.getLogger(TokenController.class);

    /** The longest a token can be made to last when it is given an expiry. */
    static final Duration LONGEST_EXPIRY = Duration.ofDays(3650);

    private static final String ROLES = Arrays.stream(TokenRole.values()).map(TokenRole::wireName)
            .collect(Collectors.joining(", "));

    private final TokenStore tokens;

    TokenController(TokenStore tokens) {
        this.tokens = tokens;
    }

    @PostMapping
    ResponseEntity<IssuedTokenView> create(@RequestBody CreateTokenRequest request, @AuthenticationPrincipal Caller caller) {
        Instant now = Instant.now();
        TokenRole role = role(request.role());
        FieldErrors errors = new FieldErrors()
                .require(request.name() != null && !request.name().isBlank() && request.name().length() <= 100,
                        "name", "required: 1 to 100 characters saying what the token is for")
                .require(role != null, "role", request.role() == null ? "required: one of " + ROLES : "must be one of " + ROLES)
                .require(request.expiresAt() == null || request.expiresInSeconds() == null, "expiresAt",
                        "give expiresAt or expiresInSeconds, not both")
                .require(request.expiresAt() == null || request.expiresAt().isAfter(now), "expiresAt",
                        "must be in the future")
                .require(request.expiresAt() == null || request.expiresAt().isBefore(now.plus(LONGEST_EXPIRY)),
                        "expiresAt", "must be within " + LONGEST_EXPIRY.toDays() + " days");
        Long seconds = request.expiresInSeconds();
        errors.require(seconds == null || (seconds >= 1 && seconds <= LONGEST_EXPIRY.toSeconds()), "expiresInSeconds",
                "must be between 1 and " + LONGEST_EXPIRY.toSeconds()).throwIfAny();
        Instant expiresAt = seconds != null ? now.plusSeconds(seconds) : request.expiresAt();
        IssuedToken issued = tokens.create(request.name().trim(), role, expiresAt);
        log.info("{} made token {} ({}, {})", caller.getName(), issued.token().id(), issued.token().name(),
                role.wireName());
        return ResponseEntity.created(URI.create("/api/tokens/" + issued.token().id())).body(IssuedTokenView.of(issued));
    }

    @GetMapping
    Page<TokenView> list(@RequestParam(required = false) String role, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        Paging.check(page, size);
        TokenRole filter = null;
        if (role != null) {
            filter = role(role);
            new FieldErrors().require(filter != null, "role", "must be one of " + ROLES).throwIfAny();
        }
        Instant now = Instant.now();
        Page<ApiToken> found = tokens.list(filter, page, size);
        return new Page<>(found.items().stream().map(t -> TokenView.of(t, now)).toList(), found.page(), found.size(),
                found.total());
    }

    @GetMapping("/{id}")
    TokenView get(@PathVariable long id) {
        return tokens.find(id).map(t -> TokenView.of(t, Instant.now()))
                .orElseThrow(() -> ApiException.notFound("no token with id " + id));
    }

    /** Revokes the token from its next request on; revoking a revoked token changes nothing. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> revoke(@PathVariable long id, @AuthenticationPrincipal Caller caller) {
        switch (tokens.revoke(id)) {
            case REVOKED -> log.info("{} revoked token {}", caller.getName(), id);
            case ALREADY_REVOKED -> {
            }
            case NOT_FOUND -> throw ApiException.notFound("no token with id " + id);
            case LAST_ADMIN -> throw ApiException.conflict("token " + id + " is the last live admin token: make another"
                    + " admin token before revoking it");
        }
        return ResponseEntity.noContent().build();
    }

    private static TokenRole role(String wireName) {
        if (wireName == null) {
            return null;
        }
        try {
            return TokenRole.fromWireName(wireName);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
