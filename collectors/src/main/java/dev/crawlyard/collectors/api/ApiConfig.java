package dev.crawlyard.collectors.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An API collector spider's config, as its JSON Schema ({@link #SCHEMA_RESOURCE}) describes it,
 * with the schema's defaults filled in. Built from JSON the schema has accepted; what the schema
 * cannot check {@link ApiConfigProblems} does. It holds no secret: {@link Auth} names the spider's
 * environment variables that hold them.
 */
public record ApiConfig(
        String url,
        String method,
        Map<String, String> headers,
        Map<String, String> query,
        JsonNode body,
        Auth auth,
        Paging paging,
        String records,
        Map<String, String> fields,
        Incremental incremental,
        double rate,
        int burst,
        String userAgent,
        Duration connectTimeout,
        Duration requestTimeout,
        long maxResponseBytes,
        int retries,
        Duration retryBackoff,
        Duration maxRetryAfter) {

    /** The class path resource holding the config's JSON Schema. */
    public static final String SCHEMA_RESOURCE = "/dev/crawlyard/collectors/api/api.schema.json";

    /** The agent the collector names itself when the config names none. */
    public static final String DEFAULT_USER_AGENT = "Crawlyard/0.1 (+https://github.com/crawlyard)";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * How requests authenticate: {@code type} is none, bearer, basic, apiKey or oauth2; the
     * {@code *Env} members name environment variables of the spider.
     */
    public record Auth(String type, String tokenEnv, String usernameEnv, String passwordEnv, String keyEnv,
            String name, String in, String tokenUrl, String clientIdEnv, String clientSecretEnv, String scope,
            String clientAuth) {

        static final Auth NONE = new Auth("none", null, null, null, null, null, null, null, null, null, null, null);

        /** The environment variables that hold this auth's secrets. */
        public List<String> secretEnvNames() {
            List<String> names = new ArrayList<>();
            for (String name : new String[] {tokenEnv, usernameEnv, passwordEnv, keyEnv, clientIdEnv, clientSecretEnv}) {
                if (name != null) {
                    names.add(name);
                }
            }
            return names;
        }
    }

    /** How to get the next page: {@code type} is none, page, offset, cursor, linkHeader or nextUrl. */
    public record Paging(String type, String param, int start, String limitParam, Integer limit, String cursorPointer,
            String nextUrlPointer, String hasMorePointer, int maxPages) {
    }

    /** Records newer than the saved high-water mark only: its field in a record, the query parameter that sends it. */
    public record Incremental(String field, String param, JsonNode initial) {
    }

    /** The config's JSON Schema, as published at {@code GET /api/spider-types/api/schema}. */
    public static String schema() {
        try (InputStream in = ApiConfig.class.getResourceAsStream(SCHEMA_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + SCHEMA_RESOURCE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ApiConfig parse(String json) {
        return of(JSON.readTree(json));
    }

    /** The config from JSON the schema has accepted, with its defaults. */
    public static ApiConfig of(JsonNode node) {
        JsonNode a = node.path("auth");
        Auth auth = a.isObject() ? new Auth(a.path("type").asString("none"), text(a, "tokenEnv"),
                text(a, "usernameEnv"), text(a, "passwordEnv"), text(a, "keyEnv"), text(a, "name"),
                a.path("in").asString("header"), text(a, "tokenUrl"), text(a, "clientIdEnv"),
                text(a, "clientSecretEnv"), text(a, "scope"), a.path("clientAuth").asString("basic")) : Auth.NONE;
        JsonNode p = node.path("pagination");
        String pagingType = p.path("type").asString("none");
        String defaultParam = switch (pagingType) {
            case "page" -> "page";
            case "offset" -> "offset";
            default -> null;
        };
        Paging paging = new Paging(pagingType, p.path("param").asString(defaultParam),
                p.path("start").asInt(pagingType.equals("page") ? 1 : 0),
                p.path("limitParam").asString(pagingType.equals("offset") ? "limit" : null),
                p.has("limit") ? p.path("limit").asInt() : null, text(p, "cursorPointer"), text(p, "nextUrlPointer"),
                text(p, "hasMorePointer"), p.path("maxPages").asInt(1000));
        JsonNode i = node.path("incremental");
        Incremental incremental = i.isObject() ? new Incremental(i.path("field").asString(), text(i, "param"),
                i.has("initial") ? i.get("initial") : null) : null;
        double rate = node.path("rate").asDouble(0);
        int burst = node.has("burst") ? node.path("burst").asInt() : Math.max(1, (int) Math.ceil(rate));
        return new ApiConfig(node.path("url").asString(), node.path("method").asString("GET"),
                strings(node.path("headers")), strings(node.path("query")),
                node.has("body") ? node.get("body") : null, auth, paging, node.path("records").asString(""),
                node.path("fields").isObject() ? strings(node.path("fields")) : null, incremental, rate, burst,
                node.path("userAgent").asString(DEFAULT_USER_AGENT),
                Duration.ofSeconds(node.path("connectTimeoutSeconds").asInt(10)),
                Duration.ofSeconds(node.path("requestTimeoutSeconds").asInt(30)),
                node.path("maxResponseBytes").asLong(32L * 1024 * 1024), node.path("retries").asInt(4),
                Duration.ofMillis(node.path("retryBackoffMillis").asLong(1000)),
                Duration.ofSeconds(node.path("maxRetryAfterSeconds").asInt(120)));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isString() ? value.asString() : null;
    }

    private static Map<String, String> strings(JsonNode node) {
        Map<String, String> map = new LinkedHashMap<>();
        node.properties().forEach(e -> map.put(e.getKey(), e.getValue().asString()));
        return map;
    }
}
