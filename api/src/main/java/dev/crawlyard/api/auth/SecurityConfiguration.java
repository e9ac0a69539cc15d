package dev.crawlyard.api.auth;

import jakarta.servlet.DispatcherType;
import java.util.Locale;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.StrictHttpFirewall;

/**
 * Who may call what. Every request needs a bearer token except {@code GET /api/health} and its probes
 * ({@code /api/health/liveness}, {@code /api/health/readiness}); a viewer token reads (the metrics, the
 * OpenAPI document and its page, webhook subscriptions and their delivery logs among the rest), an
 * operator token also writes (spiders, runs, cancels, schedules, nodes, webhook subscriptions), an admin
 * token also manages tokens, and a task's token opens only the monitoring calls (which of them,
 * its own task's, {@code MonitoringController} decides from the body) and, for a crawler's task,
 * its crawl's calls (only with a task's token: the crawl is the token's task's). Anything not listed is
 * denied. No session, no CSRF token (a bearer token is not sent by a browser on its own), no login
 * page, no generated user: {@link TokenAuthenticationProvider} is the only way in.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    /** Health and its probes, open to all (Actuator's health endpoint and its probe groups). */
    private static final String[] HEALTH = {"/api/health", "/api/health/liveness", "/api/health/readiness"};
    private static final String[] MONITORING = {"/api/v1/monitoring/heartbeat", "/api/v1/monitoring/completion"};
    /** The crawler program's calls on its crawl's frontier: a crawler task's own token only. */
    private static final String[] CRAWL = {"/api/v1/crawl/open", "/api/v1/crawl/exchange", "/api/v1/crawl/slot",
        "/api/v1/crawl/finish"};

    @Bean
    SecurityFilterChain apiSecurity(HttpSecurity http, TokenAuthenticationProvider tokens, SecurityRefusals refusals) {
        AuthenticationFilter bearer = new AuthenticationFilter(new ProviderManager(tokens), new BearerTokenConverter());
        bearer.setSuccessHandler((request, response, authentication) -> {
            // Stay on the request: there is nothing to redirect to.
        });
        bearer.setFailureHandler(new AuthenticationEntryPointFailureHandler(refusals));
        http.csrf(csrf -> csrf.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(cache -> cache.disable())
                .formLogin(login -> login.disable())
                .httpBasic(basic -> basic.disable())
                .logout(logout -> logout.disable())
                .exceptionHandling(refused -> refused.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .addFilterAt(bearer, BasicAuthenticationFilter.class)
                .authorizeHttpRequests(calls -> calls
                        // The container's own error rendering of a request that has already been let through.
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        // Health and its two probes for load balancers and orchestrators: statuses only, never
                        // details (management.endpoint.health.show-details=never). Only these three paths:
                        // a component's own path (/api/health/database) needs a token like anything else.
                        .requestMatchers(HttpMethod.GET, HEALTH).permitAll()
                        .requestMatchers(HttpMethod.POST, MONITORING).hasAnyRole("OPERATOR", TokenAuthenticationProvider.TASK_ROLE)
                        .requestMatchers(HttpMethod.POST, CRAWL).hasRole(TokenAuthenticationProvider.TASK_ROLE)
                        .requestMatchers("/api/tokens", "/api/tokens/**").hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.HEAD, "/api/**").hasRole("VIEWER")
                        .requestMatchers(HttpMethod.OPTIONS, "/api/**").hasRole("VIEWER")
                        .requestMatchers("/api/**").hasRole("OPERATOR")
                        .anyRequest().denyAll());
        return http.build();
    }

    /** An admin may do all an operator may, an operator all a viewer may. A task's token is in no hierarchy. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role("ADMIN").implies("OPERATOR")
                .role("OPERATOR").implies("VIEWER")
                .build();
    }

    /**
     * Spring Security's strict firewall (it refuses ';', encoded '/', '\' and '%', '//', '.' and '..'
     * segments, encoded dots, NUL, CR, LF and odd methods), and also percent-encoded unreserved
     * characters (RFC 3986 §2.3: letters, digits, '-', '.', '_', '~'). Those mean the same as the
     * characters themselves, so no client needs them, and refusing them gives every endpoint one spelling.
     */
    @Bean
    static HttpFirewall httpFirewall() {
        StrictHttpFirewall firewall = new StrictHttpFirewall();
        String unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~";
        for (char c : unreserved.toCharArray()) {
            String hex = String.format(Locale.ROOT, "%02X", (int) c);
            firewall.getEncodedUrlBlocklist().add("%" + hex);
            firewall.getEncodedUrlBlocklist().add("%" + hex.toLowerCase(Locale.ROOT));
        }
        return firewall;
    }
}
