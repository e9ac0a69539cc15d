package dev.crawlyard.api.auth;

import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/whoami}: the token a request is made with, so that the console shows only what its role may do. */
@RestController
class WhoAmIController {

    /** A token's holder: its id, name and role. */
    record WhoAmI(long tokenId, String name, String role) {
    }

    @GetMapping("/api/whoami")
    WhoAmI whoami(@AuthenticationPrincipal Caller.TokenHolder caller) {
        return new WhoAmI(caller.tokenId(), caller.name(), caller.role().wireName());
    }
}
