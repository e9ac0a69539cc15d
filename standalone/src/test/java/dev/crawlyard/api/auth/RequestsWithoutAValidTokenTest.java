package dev.crawlyard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiClient;
import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import dev.crawlyard.store.tokens.TokenStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * An attacker with no token, a wrong one, or a path spelled so that a check on the raw path and
 * Spring MVC's routing might disagree (issue 12: {@code /%61pi/spiders} and {@code /api;x/spiders}
 * used to list the spiders with no token), against every endpoint the controllers map. Every request
 * goes over a raw socket, so its path reaches the server exactly as written here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestsWithoutAValidTokenTest extends ApiTestBase {

    /** Ways to spell a path that mean it, or something near it, to some part of the stack. */
    private static final Map<String, UnaryOperator<String>> DISGUISES = disguises();

    /** Health and its probes: open to all. */
    private static final List<String> HEALTH = List.of("/api/health", "/api/health/liveness", "/api/health/readiness");

    /** Actuator's metrics and springdoc's document and page: behind the API's tokens. */
    private static final List<String> OPERATIONS = List.of("/api/metrics", "/api/openapi", "/api/openapi.yaml",
            "/api/docs");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    @Autowired
    private JdbcClient jdbc;

    @Autowired
    private ApplicationContext context;

    private SecurityFixture fixture;
    private ApiClient admin;
    private String adminToken;

    @BeforeAll
    void makeThingsToAimAt() throws InterruptedException {
        adminToken = tokens.create("security-admin-" + UUID.randomUUID(), TokenRole.ADMIN, null).secret();
        admin = new ApiClient(port, adminToken);
        fixture = SecurityFixture.create(admin, tokens);
    }

    @AfterAll
    void stopTheRunningTask() {
        fixture.close(admin);
    }

    @Test
    void everyEndpointWithoutALiveTokenGets401AndChangesNothing() {
        List<Endpoint> endpoints = guarded();
        String revoked = tokens.create("revoked-" + UUID.randomUUID(), TokenRole.ADMIN, null).secret();
        assertThat(admin.delete("/api/tokens/" + tokens.authenticate(revoked).orElseThrow().id()).status()).isEqualTo(204);
        Map<String, Map<String, String>> callers = new LinkedHashMap<>();
        callers.put("no token", Map.of());
        callers.put("a made-up token", Map.of("Authorization", "Bearer " + TokenStore.newToken()));
        callers.put("a token without the prefix", Map.of("Authorization", "Bearer admin"));
        callers.put("an empty bearer", Map.of("Authorization", "Bearer "));
        callers.put("basic credentials", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));
        callers.put("a revoked admin token", Map.of("Authorization", "Bearer " + revoked));
        String before = fixture.snapshot(jdbc);

        int requests = 0;
        for (Endpoint endpoint : endpoints) {
            for (var caller : callers.entrySet()) {
                // A path that is not canonical but that no part of the stack refuses: still no way in.
                for (String path : List.of(fixture.path(endpoint), fixture.path(endpoint) + "/",
                        fixture.path(endpoint).toUpperCase(Locale.ROOT))) {
                    RawHttp.Response response = send(endpoint, path, caller.getValue());
                    ErrorBodies.assertError(response, 401, endpoint + " as " + path + " with " + caller.getKey());
                    requests++;
                }
            }
        }

        assertThat(fixture.snapshot(jdbc)).isEqualTo(before);
        assertThat(requests).isEqualTo(endpoints.size() * callers.size() * 3);
    }

    @Test
    void everyEndpointSpelledAnotherWayIsRefusedWithOrWithoutAToken() {
        List<Endpoint> endpoints = Endpoint.all(mappings);
        Map<String, Map<String, String>> callers = Map.of(
                "no token", Map.of(),
                "a wrong token", Map.of("Authorization", "Bearer cy_wrong"),
                "the admin token", Map.of("Authorization", "Bearer " + adminToken));
        String before = fixture.snapshot(jdbc);

        for (Endpoint endpoint : endpoints) {
            for (var disguise : DISGUISES.entrySet()) {
                String path = disguise.getValue().apply(fixture.path(endpoint));
                for (var caller : callers.entrySet()) {
                    RawHttp.Response response = send(endpoint, path, caller.getValue());
                    ErrorBodies.assertError(response, 400, endpoint + " as " + path + " (" + disguise.getKey()
                            + ") with " + caller.getKey());
                }
            }
        }

        assertThat(fixture.snapshot(jdbc)).isEqualTo(before);
    }

    @Test
    void theRawClientSendsThePathAsWritten() {
        Map<String, String> none = Map.of();

        // A client that normalised "/api/./health" would send "/api/health" and get 200.
        assertThat(RawHttp.send(port, "GET", "/api/health", none, new byte[0]).status()).isEqualTo(200);
        ErrorBodies.assertError(RawHttp.send(port, "GET", "/api/./health", none, new byte[0]), 400, "/api/./health");
        ErrorBodies.assertError(RawHttp.send(port, "GET", "/api\\health", none, new byte[0]), 400, "raw backslash");
        ErrorBodies.assertError(RawHttp.send(port, "GET", "/api/health%00", none, new byte[0]), 400, "%00");
    }

    @Test
    void healthAndItsTwoProbesAreTheOnlyPathsOpenWithoutAToken() {
        for (String path : HEALTH) {
            RawHttp.Response health = RawHttp.send(port, "GET", path, Map.of(), new byte[0]);

            assertThat(health.status()).as(path + ": " + health.body()).isEqualTo(200);
            assertThat(health.json().get("status").asString()).as(path).isEqualTo("UP");
            // Statuses only: no details of the checks (no database URL, no Temporal address) for callers without a token.
            assertThat(health.body()).as(path).doesNotContain("details").doesNotContain("jdbc").doesNotContain("127.0.0.1");
        }
        for (String path : List.of("/", "/error", "/index.html", "/api", "/api/", "/api/nothing-here", "/login",
                "/logout", "/actuator", "/api/health/x", "/api/health/database", "/api/health/temporal",
                "/api/health/readiness/database", "/api/health/liveness/x", "/api/metrics", "/api/prometheus",
                "/api/openapi", "/api/openapi.yaml", "/api/docs", "/api/webhooks", "/swagger-ui/index.html",
                "/v3/api-docs", "/actuator/health", "/actuator/prometheus")) {
            ErrorBodies.assertError(RawHttp.send(port, "GET", path, Map.of(), new byte[0]), 401, path);
        }
        for (String path : HEALTH) {
            ErrorBodies.assertError(RawHttp.send(port, "POST", path, Map.of(), new byte[0]), 401, "POST " + path);
        }
    }

    /**
     * The operations endpoints that no controller of the platform maps (Actuator's and springdoc's,
     * which {@link Endpoint#all} does not see all of): without a live token a 401, and spelled another
     * way a 400 with a token or without, the open health probes included.
     */
    @Test
    void theOperationsEndpointsNeedATokenAndTheirOtherSpellingsAreRefused() {
        Map<String, Map<String, String>> callers = new LinkedHashMap<>();
        callers.put("no token", Map.of());
        callers.put("a made-up token", Map.of("Authorization", "Bearer " + TokenStore.newToken()));
        callers.put("basic credentials", Map.of("Authorization", "Basic YWRtaW46YWRtaW4="));

        for (String path : OPERATIONS) {
            for (var caller : callers.entrySet()) {
                ErrorBodies.assertError(RawHttp.send(port, "GET", path, caller.getValue(), new byte[0]), 401,
                        path + " with " + caller.getKey());
            }
        }
        List<String> everything = new ArrayList<>(OPERATIONS);
        everything.addAll(HEALTH);
        callers.put("the admin token", Map.of("Authorization", "Bearer " + adminToken));
        for (String path : everything) {
            for (var disguise : DISGUISES.entrySet()) {
                String spelled = disguise.getValue().apply(path);
                for (var caller : callers.entrySet()) {
                    ErrorBodies.assertError(RawHttp.send(port, "GET", spelled, caller.getValue(), new byte[0]), 400,
                            path + " as " + spelled + " (" + disguise.getKey() + ") with " + caller.getKey());
                }
            }
        }
        // The two spellings issue 12 was about, written out: no metrics, no document, no probe by another name.
        for (String path : List.of("/%61pi/metrics", "/api;x/metrics", "/%61pi/openapi", "/api;x/webhooks",
                "/%61pi/health/readiness", "/api;x/health/liveness")) {
            ErrorBodies.assertError(RawHttp.send(port, "GET", path, Map.of(), new byte[0]), 400, path);
        }
    }

    @Test
    void theSecurityAnswersAsJsonWhateverTheClientAcceptsAndKeepsNoSession() {
        RawHttp.Response refused = RawHttp.send(port, "GET", "/api/spiders", Map.of("Accept", "text/html"), new byte[0]);
        RawHttp.Response allowed = RawHttp.send(port, "POST", "/api/tokens", Map.of("Authorization",
                "Bearer " + adminToken, "Content-Type", "application/json"),
                "{\"name\":\"no-csrf\",\"role\":\"viewer\"}".getBytes(StandardCharsets.UTF_8));

        ErrorBodies.assertError(refused, 401, "Accept: text/html");
        assertThat(refused.headers().get("www-authenticate")).startsWith("Bearer");
        // No CSRF token is needed with a bearer token, and no session cookie is handed out.
        assertThat(allowed.status()).as(allowed.body()).isEqualTo(201);
        assertThat(refused.headers()).doesNotContainKey("set-cookie");
        assertThat(allowed.headers()).doesNotContainKey("set-cookie");
    }

    @Test
    void springBootMadeNoUserNorPassword() {
        assertThat(context.getBeanNamesForType(UserDetailsService.class)).isEmpty();
    }

    @Test
    void theReadmeApiTableListsEveryEndpointTheControllersMap() throws IOException {
        TreeSet<String> mapped = new TreeSet<>();
        Endpoint.all(mappings).forEach(endpoint -> mapped.add(endpoint.normalized()));
        // Actuator's endpoints have a handler mapping of their own; the tests above call each of them.
        HEALTH.forEach(path -> mapped.add("GET " + path));
        mapped.add("GET /api/metrics");

        assertThat(readmeEndpoints()).isEqualTo(mapped);
    }

    private List<Endpoint> guarded() {
        return Endpoint.all(mappings).stream().filter(endpoint -> !endpoint.isHealth()).toList();
    }

    private RawHttp.Response send(Endpoint endpoint, String path, Map<String, String> headers) {
        SecurityFixture.Body body = fixture.body(endpoint);
        Map<String, String> all = new LinkedHashMap<>(headers);
        if (body.contentType() != null) {
            all.put("Content-Type", body.contentType());
        }
        return RawHttp.send(port, endpoint.method(), path, all, body.bytes());
    }

    private static Map<String, UnaryOperator<String>> disguises() {
        Map<String, UnaryOperator<String>> disguises = new LinkedHashMap<>();
        disguises.put("an encoded letter", p -> "/%61pi" + p.substring(4));
        disguises.put("an encoded letter further on", p -> p.substring(0, 5) + "%" + Integer.toHexString(p.charAt(5))
                + p.substring(6));
        disguises.put("a path parameter", p -> "/api;x" + p.substring(4));
        disguises.put("a path parameter at the end", p -> p + ";x=1");
        disguises.put("a double slash", p -> "/" + p);
        disguises.put("a double slash inside", p -> "/api/" + p.substring(4));
        disguises.put("a dot segment", p -> "/api/." + p.substring(4));
        disguises.put("a dot-dot segment", p -> "/api/x/.." + p.substring(4));
        disguises.put("a raw backslash", p -> "/api\\" + p.substring(5));
        disguises.put("an encoded backslash", p -> "/api%5c" + p.substring(5));
        disguises.put("an encoded backslash, upper case", p -> "/api%5C" + p.substring(5));
        disguises.put("an encoded dot-dot", p -> "/api/x/%2e%2e" + p.substring(4));
        disguises.put("an encoded dot-dot, upper case", p -> "/api/x/%2E%2E" + p.substring(4));
        disguises.put("an encoded dot-dot above the root", p -> "/api/%2e%2e/%2e%2e" + p);
        disguises.put("an encoded slash", p -> "/api%2f" + p.substring(5));
        disguises.put("an encoded NUL", p -> p + "%00");
        disguises.put("an encoded percent", p -> "/%2561pi" + p.substring(4));
        return disguises;
    }

    /** The methods and paths of the README's API table, variables written {@code {}}, {@code .../x} expanded. */
    private static TreeSet<String> readmeEndpoints() throws IOException {
        Path readme = Path.of("..", "README.md");
        assertThat(readme).exists();
        List<String> lines = Files.readAllLines(readme);
        int start = lines.indexOf("## The API");
        assertThat(start).as("the README has a section '## The API'").isNotNegative();
        int header = start;
        while (header < lines.size() && !lines.get(header).startsWith("| method and path |")) {
            header++;
        }
        assertThat(header).as("the API section has its table").isLessThan(lines.size());
        TreeSet<String> endpoints = new TreeSet<>();
        Pattern call = Pattern.compile("`(?:(GET|POST|PUT|PATCH|DELETE) )?([^`]+)`");
        for (String line : lines.subList(header + 2, lines.size())) {
            if (!line.startsWith("|")) {
                break;
            }
            String firstColumn = line.substring(1, line.indexOf('|', 1));
            Matcher matcher = call.matcher(firstColumn);
            String method = null;
            String previous = null;
            List<String> found = new ArrayList<>();
            while (matcher.find()) {
                method = matcher.group(1) != null ? matcher.group(1) : method;
                String path = matcher.group(2).replaceAll("\\?.*", "");
                if (path.startsWith(".../")) {
                    path = previous.substring(0, previous.lastIndexOf('/')) + path.substring(3);
                }
                previous = path;
                found.add(method + " " + path.replaceAll("\\{[^}]*}", "{}"));
            }
            endpoints.addAll(found);
        }
        return endpoints;
    }
}
