package dev.crawlyard.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.crawlyard.api.ApiTestBase;
import dev.crawlyard.store.tokens.TokenRole;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The console's sign-in over real HTTP, cookies kept by hand as a browser keeps them: an HttpOnly,
 * SameSite=Strict session; Spring Security's CSRF token on every write made with it; the token
 * checked again on every request; bearer calls as before.
 */
class ConsoleSessionTest extends ApiTestBase {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Autowired
    private JdbcClient jdbc;

    /** A browser's cookie jar for this site, and the answers' Set-Cookie lines. */
    private final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        final Map<String, String> setCookieLines = new LinkedHashMap<>();

        HttpResponse<String> send(String method, String path, String json, boolean withCsrf) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
            if (json != null) {
                request.header("Content-Type", "application/json");
            }
            if (!cookies.isEmpty()) {
                request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining("; ")));
            }
            if (withCsrf && cookies.containsKey("XSRF-TOKEN")) {
                request.header("X-XSRF-TOKEN", cookies.get("XSRF-TOKEN"));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            for (String line : response.headers().allValues("set-cookie")) {
                String pair = line.split(";", 2)[0];
                String name = pair.substring(0, pair.indexOf('='));
                String value = pair.substring(pair.indexOf('=') + 1);
                setCookieLines.put(name, line);
                if (value.isEmpty() || line.toLowerCase().contains("max-age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, value);
                }
            }
            return response;
        }

        HttpResponse<String> signIn(String token) throws IOException, InterruptedException {
            send("GET", "/", null, false);
            return send("POST", "/console/sign-in", "{\"token\": \"" + token + "\"}", true);
        }
    }

    @Test
    void signingInGivesAnHttpOnlyStrictSessionAndTheCsrfCookieTheScriptSendsBack() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> page = browser.send("GET", "/", null, false);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).contains("script-src 'self'");
        assertThat(browser.setCookieLines.get("XSRF-TOKEN")).containsIgnoringCase("SameSite=Strict")
                .doesNotContainIgnoringCase("HttpOnly");
        HttpResponse<String> withoutCsrf = browser.send("POST", "/console/sign-in", "{\"token\": \"" + api.token() + "\"}", false);
        assertThat(withoutCsrf.statusCode()).isEqualTo(403);
        assertThat(withoutCsrf.body()).contains("CSRF");
        assertThat(browser.cookies).doesNotContainKey("CRAWLYARD_SESSION");

        HttpResponse<String> signedIn = browser.send("POST", "/console/sign-in", "{\"token\": \"" + api.token() + "\"}", true);

        assertThat(signedIn.statusCode()).as(signedIn.body()).isEqualTo(204);
        assertThat(browser.setCookieLines.get("CRAWLYARD_SESSION")).containsIgnoringCase("HttpOnly")
                .containsIgnoringCase("SameSite=Strict");
        HttpResponse<String> whoami = browser.send("GET", "/api/whoami", null, false);
        assertThat(whoami.statusCode()).isEqualTo(200);
        assertThat(whoami.body()).contains("\"role\":\"admin\"");
        // The session is not the token: the token is nowhere in what the browser keeps.
        assertThat(String.join(" ", browser.cookies.values())).doesNotContain(api.token());
    }

    @Test
    void aWriteWithTheSessionNeedsTheCsrfTokenAndABearerWriteDoesNot() throws Exception {
        Browser operator = new Browser();
        String secret = tokens.create("console-op-" + UUID.randomUUID(), TokenRole.OPERATOR, null).secret();
        assertThat(operator.signIn(secret).statusCode()).isEqualTo(204);
        String name = "console-" + UUID.randomUUID();
        String body = "{\"name\": \"" + name + "\", \"command\": \"true\"}";

        HttpResponse<String> forged = operator.send("POST", "/api/spiders", body, false);
        HttpResponse<String> wrongToken;
        {
            String real = operator.cookies.get("XSRF-TOKEN");
            operator.cookies.put("XSRF-TOKEN", "forged");
            wrongToken = operator.send("POST", "/api/spiders", body.replace(name, name + "-x"), false);
            operator.cookies.put("XSRF-TOKEN", real);
        }

        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(forged.body()).contains("CSRF token");
        assertThat(wrongToken.statusCode()).isEqualTo(403);
        assertThat(api.get("/api/spiders/" + name).status()).isEqualTo(404);
        HttpResponse<String> made = operator.send("POST", "/api/spiders", body, true);
        assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
        // A bearer call needs no CSRF token, and gets no cookie.
        HttpResponse<String> bearer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/spiders"))
                .header("Authorization", "Bearer " + secret).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.replace(name, name + "-bearer"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bearer.statusCode()).isEqualTo(201);
        assertThat(bearer.headers().allValues("set-cookie")).isEmpty();
    }

    @Test
    void aViewersSessionReadsButAForcedWriteIsRefusedAndChangesNothing() throws Exception {
        Browser viewer = new Browser();
        assertThat(viewer.signIn(tokens.create("console-viewer-" + UUID.randomUUID(), TokenRole.VIEWER, null).secret())
                .statusCode()).isEqualTo(204);
        long spiders = jdbc.sql("SELECT count(*) FROM spiders").query(Long.class).single();

        assertThat(viewer.send("GET", "/api/statistics", null, false).statusCode()).isEqualTo(200);
        assertThat(viewer.send("GET", "/api/whoami", null, false).body()).contains("\"role\":\"viewer\"");
        HttpResponse<String> forced = viewer.send("POST", "/api/spiders", "{\"name\": \"forced-" + UUID.randomUUID()
                + "\", \"command\": \"true\"}", true);
        HttpResponse<String> tokensList = viewer.send("GET", "/api/tokens", null, false);

        assertThat(forced.statusCode()).isEqualTo(403);
        assertThat(forced.body()).contains("viewer token may only read");
        assertThat(tokensList.statusCode()).isEqualTo(403);
        assertThat(jdbc.sql("SELECT count(*) FROM spiders").query(Long.class).single()).isEqualTo(spiders);
    }

    @Test
    void aRevokedTokensSessionEndsAtItsNextRequestAndSigningOutEndsOne() throws Exception {
        var token = tokens.create("console-revoked-" + UUID.randomUUID(), TokenRole.OPERATOR, null);
        Browser browser = new Browser();
        assertThat(browser.signIn(token.secret()).statusCode()).isEqualTo(204);
        assertThat(browser.send("GET", "/api/whoami", null, false).statusCode()).isEqualTo(200);

        assertThat(api.delete("/api/tokens/" + token.token().id()).status()).isEqualTo(204);

        assertThat(browser.send("GET", "/api/whoami", null, false).statusCode()).isEqualTo(401);
        Browser other = new Browser();
        assertThat(other.signIn(api.token()).statusCode()).isEqualTo(204);
        assertThat(other.send("POST", "/console/sign-out", null, true).statusCode()).isEqualTo(204);
        assertThat(other.send("GET", "/api/whoami", null, false).statusCode()).isEqualTo(401);
    }

    @Test
    void aBadTokenDoesNotSignInAndNoSessionIsMade() throws Exception {
        Browser browser = new Browser();
        HttpResponse<String> unknown = browser.signIn("cy_not-a-token");
        HttpResponse<String> empty = browser.send("POST", "/console/sign-in", "{\"token\": \"\"}", true);
        HttpResponse<String> extra = browser.send("POST", "/console/sign-in", "{\"token\": \"x\", \"role\": \"admin\"}", true);

        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.body()).contains("unknown, revoked or expired");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(extra.statusCode()).isEqualTo(400);
        assertThat(browser.cookies).doesNotContainKey("CRAWLYARD_SESSION");
        assertThat(browser.send("GET", "/api/whoami", null, false).statusCode()).isEqualTo(401);
        assertThat(List.of(browser.send("GET", "/console/", null, false).statusCode())).containsExactly(401);
    }
}
