package dev.crawlyard.collectors.api;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The collector's credentials, read from the spider's environment under the names its config gives:
 * they go on requests to the API's own origin only, and every text the collector prints passes
 * through {@link #redact} first, so that no secret reaches the task's log.
 */
final class Credentials {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Secrets shorter than this are not searched for in texts (they would blank out ordinary words). */
    private static final int MIN_REDACTED_LENGTH = 4;

    /** A credential the environment lacks, or a token endpoint that refused: the run cannot go on. */
    static final class Failure extends Exception {
        private final int status;

        Failure(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    private final ApiConfig.Auth auth;
    private final Map<String, String> env;
    private final HttpClient http;
    private final Duration timeout;
    private final List<String> secrets = new ArrayList<>();
    private String accessToken;
    private long refreshAtNanos;
    private int tokensFetched;

    Credentials(ApiConfig.Auth auth, Map<String, String> env, HttpClient http, Duration timeout) throws Failure {
        this.auth = auth;
        this.env = env;
        this.http = http;
        this.timeout = timeout;
        for (String name : auth.secretEnvNames()) {
            String value = env.get(name);
            if (value == null || value.isEmpty()) {
                throw new Failure(0, "the spider's environment has no " + name + " (auth." + memberOf(name)
                        + " names it): set it in the spider's env");
            }
            secrets.add(value);
        }
        if (auth.type().equals("basic")) {
            secrets.add(basic(env.get(auth.usernameEnv()), env.get(auth.passwordEnv())));
        }
    }

    /** The request to {@code uri} with its credentials: an Authorization or key header, or the key in the query. */
    URI authorize(HttpRequest.Builder request, URI uri) throws Failure, IOException, InterruptedException {
        switch (auth.type()) {
            case "bearer" -> request.header("Authorization", "Bearer " + env.get(auth.tokenEnv()));
            case "basic" -> request.header("Authorization", "Basic "
                    + basic(env.get(auth.usernameEnv()), env.get(auth.passwordEnv())));
            case "apiKey" -> {
                String key = env.get(auth.keyEnv());
                if (auth.in().equals("query")) {
                    return withQuery(uri, auth.name(), key);
                }
                request.header(auth.name(), key);
            }
            case "oauth2" -> request.header("Authorization", "Bearer " + token());
            default -> {
            }
        }
        return uri;
    }

    /** Whether a 401 may be tried once more with a new token (only a fetched token can be renewed). */
    boolean renewable() {
        return auth.type().equals("oauth2");
    }

    /** Forgets the token, so that the next request fetches a new one. */
    void renew() {
        accessToken = null;
    }

    /** How many tokens the client credentials grant has fetched. */
    int tokensFetched() {
        return tokensFetched;
    }

    /** {@code text} with every secret (and every token fetched) replaced by {@code ***}. */
    String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : secrets) {
            if (secret.length() >= MIN_REDACTED_LENGTH) {
                out = out.replace(secret, "***");
                String encoded = URLEncoder.encode(secret, StandardCharsets.UTF_8);
                if (!encoded.equals(secret)) {
                    out = out.replace(encoded, "***");
                }
            }
        }
        return out;
    }

    private String token() throws Failure, IOException, InterruptedException {
        if (accessToken != null && System.nanoTime() < refreshAtNanos) {
            return accessToken;
        }
        String id = env.get(auth.clientIdEnv());
        String secret = env.get(auth.clientSecretEnv());
        StringBuilder form = new StringBuilder("grant_type=client_credentials");
        if (auth.scope() != null) {
            form.append("&scope=").append(URLEncoder.encode(auth.scope(), StandardCharsets.UTF_8));
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(auth.tokenUrl())).timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (auth.clientAuth().equals("body")) {
            form.append("&client_id=").append(URLEncoder.encode(id, StandardCharsets.UTF_8))
                    .append("&client_secret=").append(URLEncoder.encode(secret, StandardCharsets.UTF_8));
        } else {
            // RFC 6749 §2.3.1: the client's id and secret form-encoded, then as HTTP Basic.
            request.header("Authorization", "Basic " + basic(URLEncoder.encode(id, StandardCharsets.UTF_8),
                    URLEncoder.encode(secret, StandardCharsets.UTF_8)));
        }
        HttpResponse<String> response = http.send(request.POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build(), HttpResponse.BodyHandlers.ofString());
        String body = response.body() == null ? "" : response.body();
        if (response.statusCode() != 200) {
            throw new Failure(response.statusCode(), "the token endpoint " + auth.tokenUrl() + " answered "
                    + response.statusCode() + ": " + redact(excerpt(body)));
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (RuntimeException e) {
            throw new Failure(response.statusCode(), "the token endpoint's answer is not JSON");
        }
        String token = answer.path("access_token").asString("");
        if (token.isEmpty()) {
            throw new Failure(response.statusCode(), "the token endpoint's answer has no access_token");
        }
        long lifetime = answer.path("expires_in").asLong(3600);
        // Renewed at 90% of its lifetime, so that no request goes out with a token about to expire.
        refreshAtNanos = System.nanoTime() + Duration.ofMillis(Math.max(0, lifetime) * 900).toNanos();
        accessToken = token;
        secrets.add(token);
        tokensFetched++;
        return token;
    }

    static String excerpt(String body) {
        String trimmed = body.strip();
        return trimmed.length() <= 500 ? trimmed : trimmed.substring(0, 500) + "...";
    }

    static URI withQuery(URI uri, String name, String value) {
        String pair = URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value,
                StandardCharsets.UTF_8);
        String raw = uri.toString();
        int hash = raw.indexOf('#');
        String base = hash < 0 ? raw : raw.substring(0, hash);
        return URI.create(base + (base.contains("?") ? "&" : "?") + pair);
    }

    private static String basic(String user, String password) {
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private String memberOf(String name) {
        if (name.equals(auth.tokenEnv())) {
            return "tokenEnv";
        }
        if (name.equals(auth.usernameEnv())) {
            return "usernameEnv";
        }
        if (name.equals(auth.passwordEnv())) {
            return "passwordEnv";
        }
        if (name.equals(auth.keyEnv())) {
            return "keyEnv";
        }
        return name.equals(auth.clientIdEnv()) ? "clientIdEnv" : "clientSecretEnv";
    }
}
